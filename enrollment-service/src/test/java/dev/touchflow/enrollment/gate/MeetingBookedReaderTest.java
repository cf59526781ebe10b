package dev.touchflow.enrollment.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.touchflow.enrollment.campaign.ContactDetails;
import dev.touchflow.platform.fault.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MeetingBookedReaderTest {

    private final MeetingBookedReader reader =
            new MeetingBookedReader(JsonMapper.builder().build());

    @Test
    void theDesignExampleIsReadWhole() {
        MeetingBooked meeting = read("""
                {"event_id": "5b0e", "client_id": "b2bea",
                 "contact": {"id": "attio-rec-123", "email": "Dana@Acme.example", "first_name": "Dana",
                             "last_name": "Ruiz", "company": "Acme", "title": "VP Marketing",
                             "linkedin_url": "https://www.linkedin.com/in/danaruiz", "timezone": "America/New_York"},
                 "meeting": {"booked_at": "2026-04-29T14:00:00Z", "notes": "wants pipeline"},
                 "booked_by": "roles.bdr", "suggested_campaigns": ["b2bea_membership_close"]}""");

        assertThat(meeting.eventId()).isEqualTo("5b0e");
        assertThat(meeting.clientId()).isEqualTo("b2bea");
        assertThat(meeting.contact())
                .isEqualTo(new ContactDetails(
                        "attio-rec-123",
                        "dana@acme.example",
                        "Dana",
                        "Ruiz",
                        "Acme",
                        "VP Marketing",
                        "https://www.linkedin.com/in/danaruiz",
                        "America/New_York",
                        null));
        assertThat(meeting.bookedBy()).isEqualTo("roles.bdr");
        assertThat(meeting.suggestedCampaigns()).isEqualTo(List.of("b2bea_membership_close"));
        assertThat(meeting.meetingJson()).contains("\"notes\":\"wants pipeline\"");
    }

    @Test
    void eachRequiredFieldIsNamedWhenMissing() {
        assertInvalid(
                "{\"client_id\":\"b2bea\",\"contact\":{\"id\":\"c\",\"email\":\"a@b.co\"}}", "required field event_id");
        assertInvalid(
                "{\"event_id\":\"e\",\"contact\":{\"id\":\"c\",\"email\":\"a@b.co\"}}", "required field client_id");
        assertInvalid(
                "{\"event_id\":\"e\",\"client_id\":\"b2bea\",\"contact\":{\"email\":\"a@b.co\"}}",
                "required field contact.id");
        assertInvalid(
                "{\"event_id\":\"e\",\"client_id\":\"b2bea\",\"contact\":{\"id\":\"c\"}}",
                "required field contact.email");
        assertInvalid(
                "{\"event_id\":\"e\",\"client_id\":\"b2bea\",\"contact\":{\"id\":\"c\",\"email\":\"nope\"}}",
                "contact.email is not an email address");
    }

    @Test
    void headerBoundTextWithAControlCharacterABadTimeZoneOrUrlIsInvalidNamingTheField() {
        String base = "{\"event_id\":\"e\",\"client_id\":\"b2bea\",\"contact\":{\"id\":\"c\",\"email\":\"a@b.co\"";
        assertInvalid(
                base + ",\"first_name\":\"Dana\\r\\nBcc: all@victims.example\"}}",
                "field contact.first_name holds a control character");
        assertInvalid(base + ",\"company\":\"Acme\\u0000\"}}", "field contact.company holds a control character");
        assertInvalid(
                "{\"event_id\":\"e\",\"client_id\":\"b2bea\",\"contact\":{\"id\":\"c\",\"email\":\"a@b.co\\nBcc: x@y.z\"}}",
                "field contact.email holds a control character");
        assertInvalid(base + ",\"timezone\":\"Mars/Olympus\"}}", "contact.timezone is not a time zone");
        assertInvalid(
                base + ",\"linkedin_url\":\"javascript:alert(1)\"}}", "contact.linkedin_url is not an http(s) URL");
        assertInvalid(
                base + "},\"suggested_campaigns\":[\"ok\",\"bad\\u001b[2J\"]}",
                "field suggested_campaigns[1] holds a control character");
        assertInvalid(base + "},\"booked_by\":\"roles\\tbdr\"}", "field booked_by holds a control character");
    }

    @Test
    void somethingThatIsNotAJsonObjectIsInvalid() {
        assertInvalid("not json", "is not JSON");
        assertInvalid("[1,2]", "is not a JSON object");
    }

    private void assertInvalid(String json, String reason) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }

    private MeetingBooked read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
