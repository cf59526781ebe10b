package dev.touchflow.drafting.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.drafting.compose.DraftInputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmPromptTest {

    @Test
    void thePromptCarriesTheStepTheGoalTheContactTheNotesAndTheEarlierTouches() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("first_name", "Dana");
        variables.put("last_name", "Ruiz");
        variables.put("company", "Acme");
        variables.put("title", "VP Marketing");
        variables.put("goal", "pipeline");
        variables.put("notes", "wants pipeline; has budget in Q3");
        variables.put("sender_name", "Justin");
        DraftInputs inputs = new DraftInputs(
                "email",
                "proof",
                "Proof for {{company}}",
                "Hi {{first_name}}",
                "Goal-specific proof asset.",
                variables,
                "llm",
                null,
                null);

        List<Map<String, String>> messages = LlmPrompt.messages(
                inputs,
                Map.of("campaign_name", "B2BEA membership close", "step_number", 2, "total_steps", 8),
                List.of("Hi Dana, great to meet you."));

        assertThat(messages).extracting(message -> message.get("role")).containsExactly("system", "user");
        assertThat(messages.get(0).get("content"))
                .contains("written as Justin")
                .contains("subject under 150")
                .contains("{\"subject\": string or null, \"body\": string}");
        assertThat(messages.get(1).get("content"))
                .contains("Step: 2 of 8\n")
                .contains("Content type: proof\n")
                .contains("What to write: Goal-specific proof asset.\n")
                .contains("Goal: pipeline\n")
                .contains("Contact: Dana Ruiz\n")
                .contains("Company: Acme\n")
                .contains("Notes from the meeting: wants pipeline; has budget in Q3\n")
                .contains("--- touch 1 ---\nHi Dana, great to meet you.\n");
    }
}
