package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandOptionsTest {

    private static final Set<String> NAMES = Set.of("--minutes", "--seed", "--profile");

    @Test
    void givenOptionsAreReadAndMissingOnesFallBack() {
        CommandOptions options = CommandOptions.parse(List.of("--minutes", "1.5", "--seed", "9007199254740993"), NAMES);

        assertThat(options.positive("--minutes", 10)).isEqualTo(1.5);
        assertThat(options.whole("--seed", 0)).isEqualTo(9007199254740993L);
        assertThat(CommandOptions.parse(List.of(), NAMES).positive("--minutes", 10))
                .isEqualTo(10);
        assertThat(CommandOptions.parse(List.of("--profile", "true"), NAMES).yesOrNo("--profile", false))
                .isTrue();
        assertThat(CommandOptions.parse(List.of(), NAMES).yesOrNo("--profile", false))
                .isFalse();
    }

    @Test
    void eachMistakeIsNamed() {
        assertThatThrownBy(() -> CommandOptions.parse(List.of("--hours", "1"), NAMES))
                .hasMessage("unknown option --hours");
        assertThatThrownBy(() -> CommandOptions.parse(List.of("--minutes"), NAMES))
                .hasMessage("--minutes needs a value");
        assertThatThrownBy(() ->
                        CommandOptions.parse(List.of("--minutes", "0"), NAMES).positive("--minutes", 10))
                .hasMessage("--minutes needs a positive number, not 0");
        assertThatThrownBy(() -> CommandOptions.parse(List.of("--minutes", "soon"), NAMES)
                        .positive("--minutes", 10))
                .hasMessage("--minutes needs a positive number, not soon");
        assertThatThrownBy(() ->
                        CommandOptions.parse(List.of("--seed", "1.5"), NAMES).whole("--seed", 0))
                .hasMessage("--seed needs a whole number, not 1.5");
        assertThatThrownBy(() ->
                        CommandOptions.parse(List.of("--profile", "yes"), NAMES).yesOrNo("--profile", false))
                .hasMessage("--profile needs true or false, not yes");
    }
}
