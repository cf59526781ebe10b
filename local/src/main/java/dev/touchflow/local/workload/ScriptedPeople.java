package dev.touchflow.local.workload;

import dev.touchflow.embedded.MailSink;
import dev.touchflow.local.LocalSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The people of a workload, each a loop a run calls in turn: the executive who routes booked meetings,
 * the approver, the contacts who answer by email, and the person who converts an interested contact.
 * Any service may be down while they act; what fails is tried again next round.
 */
public final class ScriptedPeople {

    private static final int BULK_APPROVAL = 200;

    private final Map<String, ScriptedContact> contacts;
    private final Map<String, Instant> approvedAt;
    private final LocalSettings.Ports ports;
    private final OperatorApi api;
    private final MailSink mail;
    private final EnrollmentLookup enrollments;
    private final String mainCampaign;

    ScriptedPeople(
            Map<String, ScriptedContact> contacts,
            Map<String, Instant> approvedAt,
            LocalSettings.Ports ports,
            OperatorApi api,
            MailSink mail,
            EnrollmentLookup enrollments,
            String mainCampaign) {
        this.contacts = contacts;
        this.approvedAt = approvedAt;
        this.ports = ports;
        this.api = api;
        this.mail = mail;
        this.enrollments = enrollments;
        this.mainCampaign = mainCampaign;
    }

    /** The executive routes every pending booked meeting of the run to the main campaign. */
    public void routeBookedMeetings() {
        for (JsonNode request : api.list(ports.enrollment(), "/api/v1/gate?status=pending&limit=500")) {
            ScriptedContact contact =
                    contacts.get(request.path("contact").path("id").asString(""));
            if (contact == null) {
                continue;
            }
            Instant at = Instant.now();
            int status = api.post(
                    ports.enrollment(),
                    "/api/v1/gate/" + request.path("id").asString() + "/route",
                    Map.of("campaigns", List.of(mainCampaign), "goal", "pipeline"));
            if (status == 200 && contact.routedAt == null) {
                contact.routedAt = at;
            }
            contact.routed |= status == 200 || status == 409;
        }
    }

    /**
     * The approver approves every first touch at once; a second touch of a contact who is to answer only
     * once the answer is in (and its effect with it), so the answer decides, as it would for a person
     * reading the reply before approving the next touch. An approval a service refuses (the draft was
     * withdrawn meanwhile) is left, as a person would leave it.
     */
    public void approveDrafts() {
        List<String> approvable = new ArrayList<>();
        for (JsonNode draft : api.list(ports.drafting(), "/api/v1/drafts?status=pending&limit=500")) {
            ScriptedContact contact = contacts.get(draft.path("contact_id").asString(""));
            if (contact != null && mayApprove(contact, draft)) {
                approvable.add(draft.path("id").asString());
            }
        }
        // in pages, as a person approving a list in bulk would
        for (int from = 0; from < approvable.size(); from += BULK_APPROVAL) {
            List<String> page = approvable.subList(from, Math.min(approvable.size(), from + BULK_APPROVAL));
            Instant at = Instant.now();
            if (api.post(ports.drafting(), "/api/v1/drafts/approve", Map.of("ids", page)) == 200) {
                page.forEach(id -> approvedAt.putIfAbsent(id, at));
            }
        }
    }

    private boolean mayApprove(ScriptedContact contact, JsonNode draft) {
        if (draft.path("step_number").asInt() == 1 || contact.script == Script.PLAIN) {
            return true;
        }
        if (!contact.replied) {
            return false;
        }
        return switch (contact.script) {
            case OUT_OF_OFFICE -> true;
            // a person converts an interested contact rather than approve their next touch
            case INTERESTED -> false;
            // once the opt-out or bounce has ended the enrollment: the approval must come to nothing
            default ->
                enrollments
                        .latest(contact, mainCampaign)
                        .map(row -> !"active".equals(row.status()))
                        .orElse(false);
        };
    }

    /** Every contact whose script answers does so once their first touch is in their inbox. */
    public void answerTouches() {
        for (ScriptedContact contact : contacts.values()) {
            if (contact.script == Script.PLAIN || contact.replied) {
                continue;
            }
            List<MimeMessage> received = mail.inboxOf(contact.email);
            if (received.isEmpty()) {
                continue;
            }
            try {
                String messageId = received.get(0).getHeader("Message-ID")[0];
                Transport.send(ContactAnswers.answer(contact, messageId, mail.smtpPort()));
                contact.repliedAt = Instant.now();
                contact.replied = true;
            } catch (MessagingException e) {
                // the mail server refused; the contact writes again on the next round
            }
        }
    }

    /** An interested contact, once their enrollment is paused for a person, is converted: on to the next campaign. */
    public void convertInterested() {
        for (ScriptedContact contact : contacts.values()) {
            if (contact.script != Script.INTERESTED || !contact.replied || contact.converted) {
                continue;
            }
            Optional<EnrollmentLookup.Row> paused =
                    enrollments.latest(contact, mainCampaign).filter(row -> "paused".equals(row.status()));
            if (paused.isPresent()) {
                int status = api.put(
                        ports.enrollment(),
                        "/api/v1/enrollments/" + paused.get().id(),
                        Map.of("action", "exit", "reason", "converted"));
                contact.converted = status == 200;
            }
        }
    }
}
