package dev.touchflow.replies.understand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyTextTest {

    @Test
    void theQuotedOriginalBelowAnAttributionLineIsNotTheReply() {
        ReplyText text = ReplyText.of("""
                Thanks, not for us right now.

                On Fri, Mar 6, 2026 at 9:00 AM Justin <justin@b2bea.example> wrote:
                > Hi Dana,
                > To stop receiving these emails, unsubscribe here: https://b2bea.example/u/x
                """);

        assertThat(text.fresh()).isEqualTo("Thanks, not for us right now.");
        assertThat(text.quoted()).startsWith("On Fri, Mar 6").contains("unsubscribe here");
    }

    @Test
    void aSignOffOrALegalFooterStartsTheSignatureButAReplyOfOnlyThanksKeepsItsWords() {
        ReplyText dutch = ReplyText.of("""
                Stuur me graag meer informatie.

                Met vriendelijke groet / Kind regards,
                Ruud de Vries
                DISCLAIMER: De informatie in dit bericht is uitsluitend bestemd voor de geadresseerde; verwijder het.
                """);
        ReplyText footer = ReplyText.of(
                "Send the deck.\nThis email and any attachments are confidential. Delete it if not for you.");

        assertThat(dutch.fresh()).isEqualTo("Stuur me graag meer informatie.");
        assertThat(dutch.signature()).startsWith("Met vriendelijke groet").contains("DISCLAIMER");
        assertThat(footer.fresh()).isEqualTo("Send the deck.");
        assertThat(ReplyText.of("Thanks!\n").fresh()).isEqualTo("Thanks!");
        assertThat(ReplyText.of("Thanks, see you Tuesday.\nBest,\nAnna").fresh())
                .isEqualTo("Thanks, see you Tuesday.");
    }

    @Test
    void attributionsSplitOverTwoLinesAndInOtherLanguagesAreRecognised() {
        assertThat(ReplyText.of(
                                "Gerne, schicken Sie mir die Unterlagen.\n\nAm Mi., 4. März 2026 um 10:12 schrieb Justin "
                                        + "<justin@b2bea.example>:\n> Hallo")
                        .fresh())
                .isEqualTo("Gerne, schicken Sie mir die Unterlagen.");
        assertThat(ReplyText.of(
                                "Merci, pas pour le moment.\n\nLe mer. 4 mars 2026 à 10:12, Justin <j@b2bea.example> a écrit :\n"
                                        + "> Bonjour")
                        .fresh())
                .isEqualTo("Merci, pas pour le moment.");
        assertThat(ReplyText.of(
                                "Yes, Tuesday works.\n\nOn Wed, Mar 4, 2026 at 10:12 AM Justin Smith <justin@b2bea.example>\n"
                                        + "wrote:\n> Hi")
                        .fresh())
                .isEqualTo("Yes, Tuesday works.");
        assertThat(ReplyText.of("Dziękuję, nie.\n\nW dniu 4.03.2026 o 10:12, Justin pisze:\n> Dzień dobry")
                        .fresh())
                .isEqualTo("Dziękuję, nie.");
    }

    @Test
    void anOutlookHeaderBlockOrASeparatorStartsTheOriginal() {
        ReplyText outlook = ReplyText.of("""
                Please remove me from your list.

                From: Justin <justin@b2bea.example>
                Sent: Wednesday, March 4, 2026 10:12 AM
                To: Dana Ruiz <dana@acme.example>
                Subject: An idea for Acme
                """);
        ReplyText separator = ReplyText.of("Let's talk next week.\n\n-----Original Message-----\nFrom: Justin\nHi");

        assertThat(outlook.fresh()).isEqualTo("Please remove me from your list.");
        assertThat(separator.fresh()).isEqualTo("Let's talk next week.");
    }

    @Test
    void theSignatureIsSetApart() {
        ReplyText text = ReplyText.of("Send me the deck.\n\n-- \nDana Ruiz\nVP Marketing, Acme");
        ReplyText phone = ReplyText.of("Send me the deck.\n\nSent from my iPhone");

        assertThat(text.fresh()).isEqualTo("Send me the deck.");
        assertThat(text.signature()).isEqualTo("-- \nDana Ruiz\nVP Marketing, Acme");
        assertThat(phone.fresh()).isEqualTo("Send me the deck.");
    }

    @Test
    void automaticRepliesAreKnownByTheirHeadersOrSubject() {
        assertThat(AutoReplies.automatic(Map.of("Auto-Submitted", "auto-replied"), "Re: hello"))
                .isTrue();
        assertThat(AutoReplies.automatic(Map.of("Auto-Submitted", "no"), "Re: hello"))
                .isFalse();
        assertThat(AutoReplies.automatic(Map.of("Precedence", "bulk"), "Re: hello"))
                .isTrue();
        assertThat(AutoReplies.automatic(Map.of("X-Autoreply", "yes"), "Re: hello"))
                .isTrue();
        assertThat(AutoReplies.automatic(Map.of(), "Abwesenheitsnotiz: Re: Ihre Anfrage"))
                .isTrue();
        assertThat(AutoReplies.automatic(Map.of(), "Réponse automatique : Re: vendor spots"))
                .isTrue();
        assertThat(AutoReplies.automatic(Map.of(), "Odpowiedź automatyczna: Re: oferta"))
                .isTrue();
        assertThat(AutoReplies.automatic(Map.of(), "Re: out of curiosity, how much?"))
                .isFalse();
    }
}
