package dev.touchflow.replies.understand;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void styleScriptAndCommentsNeverReachTheTextAndEntitiesAreDecoded() {
        String html = """
                <html><head><style>p { color: red } .unsubscribe { display: none }</style>
                <title>Re: hello</title></head>
                <body><script>var interested = "yes, let's meet";</script><!-- please remove me -->
                <p>Please take me off your list &mdash; I&#39;m not interested &amp; never was.</p></body></html>""";

        assertThat(HtmlText.of(html)).isEqualTo("Please take me off your list — I'm not interested & never was.");
    }

    @Test
    void blocksAndBreaksAreLinesAndAQuotedReplyIsMarkedAsQuoted() {
        String html = "<div>Thanks,<br>not for us.</div><div>Ana</div>"
                + "<blockquote><p>On Monday Justin wrote:</p><p>Shall I send the deck?</p></blockquote>";

        assertThat(HtmlText.of(html)).isEqualTo("""
                Thanks,
                not for us.
                Ana
                > On Monday Justin wrote:
                > Shall I send the deck?""");
    }

    @Test
    void nothingIsEmpty() {
        assertThat(HtmlText.of(null)).isEmpty();
        assertThat(HtmlText.of("  ")).isEmpty();
        assertThat(HtmlText.of("<p></p><br>")).isEmpty();
    }
}
