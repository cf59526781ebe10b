package dev.touchflow.replies.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleClassifierTest {

    private static final Map<String, String> AUTOMATIC = Map.of("Auto-Submitted", "auto-replied");
    private static final LocalDate DAY = LocalDate.of(2026, 3, 4);

    private final RuleClassifier rules = new RuleClassifier();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Thank you for your email. Anna Keller is no longer with Acme Logistics. Please write to info@acme.example.",
                "Anna Keller has left the company. Your message has not been forwarded.",
                "Frau Keller ist nicht mehr im Unternehmen tätig. Ihre Nachricht wird nicht weitergeleitet.",
                "Madame Keller ne fait plus partie de la société. Merci de contacter contact@acme.example.",
                "Anna Keller ya no trabaja en Acme. Escriba a info@acme.example.",
                "Anna Keller non lavora più per Acme.",
                "Anna Keller is niet meer werkzaam bij Acme.",
                "A Anna Keller já não trabalha na Acme.",
                "Anna Keller nie pracuje już w firmie Acme."
            })
    void anAutomaticReplySayingThePersonLeftIsAnAutoReplyThatSaysSo(String body) {
        Classification result = rules.classify(new RuleClassifier.Message(
                "Acme <noreply@acme.example>", "Automatic reply: B2B eCommerce World", AUTOMATIC, body, DAY));

        assertThat(result.label()).isEqualTo("auto_reply");
        assertThat(result.leftCompany()).isTrue();
        assertThat(result.answer()).containsEntry("left_company", true);
    }

    @Test
    void aMailboxNoLongerReadOrATicketReceiptIsNotAPersonWhoLeft() {
        for (String body : new String[] {
            "This mailbox is no longer monitored. Please use support@acme.example.",
            "Your request #4411 has been received. We will get back to you within two days."
        }) {
            Classification result = rules.classify(
                    new RuleClassifier.Message("noreply@acme.example", "Automatic reply", AUTOMATIC, body, DAY));
            assertThat(result.label()).isEqualTo("auto_reply");
            assertThat(result.leftCompany()).as(body).isFalse();
        }
    }

    @Test
    void askingToLeaveAThreadForAColleagueIsNotARuleOptOut() {
        assertThat(rules.classify(new RuleClassifier.Message(
                                "a@x.example",
                                "Re: hi",
                                Map.of(),
                                "Please take me off this thread and write to ops@x.example instead.",
                                DAY))
                        .decided())
                .isFalse();
        assertThat(rules.classify(new RuleClassifier.Message(
                                "a@x.example", "Re: hi", Map.of(), "Please take me off your mailing list.", DAY))
                        .label())
                .isEqualTo("unsubscribe");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Don't stop sending these, they're useful. What does a stand cost?",
                "Let's stop emailing and talk: are you free on Monday at 4?",
                "Please don't remove me from your list, I want the floor plan.",
                "I've changed teams; remove me from this and write to kim@x.example."
            })
    void stopWordsThatAskToStayOrToTalkAreNotARuleOptOut(String body) {
        assertThat(rules.classify(new RuleClassifier.Message("a@x.example", "Re: hi", Map.of(), body, DAY))
                        .decided())
                .as(body)
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Delete all my details and confirm.",
                "Löschen Sie bitte alle meine Daten.",
                "Supprimez mes coordonnées.",
                "Borren mis datos, por favor.",
                "Cancellate i miei dati.",
                "Verwijder mijn gegevens.",
                "Apaguem os meus dados.",
                "Usuńcie moje dane."
            })
    void askingToEraseWhatWeHoldIsARuleOptOut(String body) {
        assertThat(rules.classify(new RuleClassifier.Message("a@x.example", "Re: hi", Map.of(), body, DAY))
                        .label())
                .as(body)
                .isEqualTo("unsubscribe");
    }

    @Test
    void replacingAnOldAddressIsNotAnOptOut() {
        assertThat(rules.classify(new RuleClassifier.Message(
                                "a@x.example",
                                "Re: hi",
                                Map.of(),
                                "Please delete my old address and use this one from now on.",
                                DAY))
                        .decided())
                .isFalse();
    }

    @Test
    void stopSendingMeTheseIsARuleOptOut() {
        assertThat(rules.classify(new RuleClassifier.Message(
                                "a@x.example",
                                "Re: hi",
                                Map.of(),
                                "Stop sending me these, I never asked for them.",
                                DAY))
                        .label())
                .isEqualTo("unsubscribe");
    }

    @Test
    void aPersonWritingThatAColleagueLeftIsNotForTheRules() {
        Classification result = rules.classify(new RuleClassifier.Message(
                "tom@acme.example",
                "Re: B2B eCommerce World",
                Map.of(),
                "Anna has left the company, I took over her accounts. What is this about?",
                DAY));

        assertThat(result.decided()).isFalse();
    }

    @Test
    void aDeliveryReportSaysWhetherTheFailureIsHardOrSoft() {
        Classification hard = rules.classify(new RuleClassifier.Message(
                "Mail Delivery System <MAILER-DAEMON@mx.acme.example>",
                "Undelivered Mail Returned to Sender",
                Map.of(),
                "This is the mail system at host mx.acme.example.\n\nI'm sorry to have to inform you that your message could not\n"
                        + "be delivered to one or more recipients.\n\n<anna@acme.example>: host mx.acme.example said: 550 5.1.1\n"
                        + "    <anna@acme.example>: Recipient address rejected: User unknown in local recipient table",
                DAY));
        Classification soft = rules.classify(new RuleClassifier.Message(
                "Mail Delivery System <MAILER-DAEMON@mx.acme.example>",
                "Undelivered Mail Returned to Sender",
                Map.of(),
                "This is the mail system at host mx.acme.example.\n\nI'm sorry to have to inform you that your message could not\n"
                        + "be delivered to one or more recipients.\n\n<anna@acme.example>: host mx.acme.example said: 452 4.2.2\n"
                        + "    <anna@acme.example>: Mailbox full",
                DAY));

        assertThat(hard.label()).isEqualTo("bounce");
        assertThat(hard.bounce().kind()).isEqualTo("hard");
        assertThat(hard.answer()).containsEntry("bounce_kind", "hard");
        assertThat(soft.label()).isEqualTo("bounce");
        assertThat(soft.bounce().kind()).isEqualTo("soft");
    }
}
