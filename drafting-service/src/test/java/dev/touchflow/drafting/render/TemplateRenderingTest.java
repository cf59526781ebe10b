package dev.touchflow.drafting.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateRenderingTest {

    @Test
    void mergeVariablesAreFilledAndHtmlIsNotEscapedInPlainText() {
        TemplateRendering.Rendered rendered = TemplateRendering.render(
                "Hi {{first_name}}, about {{company}}", Map.of("first_name", "Dana", "company", "Ruiz & Sons"));

        assertThat(rendered).isEqualTo(new TemplateRendering.Rendered("Hi Dana, about Ruiz & Sons", Set.of()));
    }

    @Test
    void aMissingVariableIsReportedAndShownPlainlyNeverBlankNorAsATag() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("first_name", null);
        variables.put("company", "  ");

        TemplateRendering.Rendered rendered = TemplateRendering.render("Hi {{first_name}} at {{company}}", variables);

        assertThat(rendered.text()).isEqualTo("Hi [missing: first_name] at [missing: company]");
        assertThat(rendered.missing()).containsExactly("first_name", "company");
    }

    @Test
    void aVariableInsideASectionIsOptional() {
        TemplateRendering.Rendered rendered =
                TemplateRendering.render("Thanks.{{#notes}} You said: {{notes}}.{{/notes}} Bye", Map.of());

        assertThat(rendered).isEqualTo(new TemplateRendering.Rendered("Thanks. Bye", Set.of()));
    }

    @Test
    void aTemplateReadsOnlyTheValuesGivenToItNeverGettersOrFieldsOfThem() {
        TemplateRendering.Rendered rendered = TemplateRendering.render(
                "A{{company.class}}B{{company.class.classLoader}}C{{company.bytes}}D{{#company}}{{class}}{{bytes}}{{length}}"
                        + "{{empty}}{{/company}}E{{#company}}{{class.name}}{{/company}}F",
                Map.of("company", "Acme"));

        assertThat(rendered.text())
                .doesNotContain("java.lang", "ClassLoader", "[B@", "4", "false", "String")
                .startsWith("A")
                .endsWith("F");
    }
}
