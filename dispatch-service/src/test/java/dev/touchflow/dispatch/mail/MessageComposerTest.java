package dev.touchflow.dispatch.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageComposerTest {

    @Test
    void theHtmlPartEscapesTheBodyAndTracksItsLinksWhileTheTextPartKeepsThemAsWritten() {
        MessageComposer.Composed composed = MessageComposer.compose(
                "Hi <Dana>,\n\nthe report: https://b2bea.example/report?q=1&x=2.\nAnd https://b2bea.example/join",
                "Justin",
                "100 Example Street",
                "https://t.example/u/abc",
                new MessageComposer.Tracking("https://t.example/t/o/p", link -> "https://t.example/t/c/" + link));

        assertThat(composed.links())
                .containsExactly("https://b2bea.example/report?q=1&x=2", "https://b2bea.example/join");
        assertThat(composed.text())
                .startsWith("Hi <Dana>,\n\nthe report: https://b2bea.example/report?q=1&x=2.\n")
                .endsWith("-- \nJustin\n\n100 Example Street\nTo stop receiving these emails: https://t.example/u/abc");
        assertThat(composed.html())
                .contains("<p>Hi &lt;Dana&gt;,</p>")
                .contains("<a href=\"https://t.example/t/c/0\">https://b2bea.example/report?q=1&amp;x=2</a>.<br>")
                .contains("<a href=\"https://t.example/t/c/1\">https://b2bea.example/join</a>")
                .contains("<img src=\"https://t.example/t/o/p\"")
                .contains("<a href=\"https://t.example/u/abc\">Unsubscribe</a>");
    }

    @Test
    void anUntrackedMessageLinksStraightToItsUrlsAndHasNoPixel() {
        MessageComposer.Composed composed =
                MessageComposer.compose("See https://b2bea.example/join", null, null, "https://t.example/u/abc", null);

        assertThat(composed.html())
                .contains("<a href=\"https://b2bea.example/join\">")
                .doesNotContain("<img");
        assertThat(composed.text())
                .isEqualTo("See https://b2bea.example/join\n\nTo stop receiving these emails: "
                        + "https://t.example/u/abc");
    }
}
