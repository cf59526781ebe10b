package dev.touchflow.enrollment.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.touchflow.platform.fault.InvalidEventException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema published for {@code meeting_booked} (in the AsyncAPI document) refuses exactly what
 * enrollment-service's reader refuses, for what a schema can say (not a control character, not an unknown
 * client or time zone).
 */
class MeetingBookedSchemaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final MeetingBookedReader reader = new MeetingBookedReader(JSON);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"event_id\": \"e1\", \"client_id\": \"b2bea\", \"contact\": {\"id\": \"c1\", \"email\": \"dana@acme.example\"}}",
                "{\"event_id\": \"e1\", \"client_id\": \"b2bea\", \"contact\": {\"id\": \"c1\", \"email\": \"dana@acme.example\","
                        + " \"first_name\": \"Dana\", \"linkedin_url\": \"https://www.linkedin.com/in/dana\"},"
                        + " \"meeting\": {\"notes\": \"budget\"}, \"booked_by\": null, \"suggested_campaigns\": [\"x\"]}",
                "{\"client_id\": \"b2bea\", \"contact\": {\"id\": \"c1\", \"email\": \"dana@acme.example\"}}",
                "{\"event_id\": \" \", \"client_id\": \"b2bea\", \"contact\": {\"id\": \"c1\", \"email\": \"dana@acme.example\"}}",
                "{\"event_id\": \"e1\", \"client_id\": \"b2bea\", \"contact\": {\"id\": \"c1\"}}",
                "{\"event_id\": \"e1\", \"client_id\": \"b2bea\", \"contact\": {\"id\": \"c1\", \"email\": \"not an address\"}}",
                "{\"event_id\": \"e1\", \"client_id\": \"b2bea\", \"contact\": {\"email\": \"dana@acme.example\"}}",
                "{\"event_id\": \"e1\", \"client_id\": \"b2bea\", \"contact\": {\"id\": \"c1\", \"email\": \"dana@acme.example\","
                        + " \"linkedin_url\": \"javascript:alert(1)\"}}",
                "{\"event_id\": \"e1\", \"client_id\": \"b2bea\"}"
            })
    void theSchemaAndTheReaderAgree(String document) throws Exception {
        boolean schemaAccepts = schema().validate(JSON.readTree(document)).isEmpty();
        boolean readerAccepts;
        try {
            reader.read(document.getBytes(StandardCharsets.UTF_8));
            readerAccepts = true;
        } catch (InvalidEventException refused) {
            readerAccepts = false;
        }

        assertThat(schemaAccepts).as(document).isEqualTo(readerAccepts);
    }

    private static Schema schema() throws Exception {
        try (InputStream in =
                MeetingBookedSchemaTest.class.getResourceAsStream("/touchflow/json/meeting-booked.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(JSON.readTree(in));
        }
    }
}
