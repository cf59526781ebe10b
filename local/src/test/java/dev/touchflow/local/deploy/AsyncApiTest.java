package dev.touchflow.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.touchflow.schemas.topics.TopicOwners;
import dev.touchflow.schemas.topics.Topics;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * docs/asyncapi.json is current, valid AsyncAPI 3.0 (the specification's own JSON Schema), and says of every
 * topic what the registry says: its Avro schema, who writes and who reads it.
 */
class AsyncApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theCheckedInDocumentIsTheOneTheRegistryMakes() throws Exception {
        assertThat(Files.readString(Path.of("../docs/asyncapi.json")))
                .as("stale: run ./touchflow topics asyncapi --write")
                .isEqualTo(AsyncApiDocument.json());
    }

    @Test
    void theDocumentIsValidAsyncApi3() throws Exception {
        assertThat(errors(AsyncApiDocument.document())).isEmpty();
    }

    @Test
    void theValidationCatchesWhatIsNotAsyncApi() throws Exception {
        ObjectNode broken = AsyncApiDocument.document();
        ((ObjectNode) broken.get("operations").get("drafting-service.send.approved")).put("action", "publish");

        assertThat(errors(broken)).anyMatch(error -> error.contains("action"));
    }

    @Test
    void everyTopicIsAChannelWithItsSchemaAndEveryReadAndWriteAnOperation() {
        JsonNode document = AsyncApiDocument.document();

        for (var topic : Topics.AVRO_TOPICS) {
            String channel = AsyncApiDocument.channelId(topic.name());
            assertThat(document.at("/channels/" + channel + "/address").asString())
                    .isEqualTo(topic.name());
            JsonNode schema =
                    document.at("/components/messages/" + topic.schema().getName() + "/payload/schema");
            assertThat(new org.apache.avro.Schema.Parser().parse(schema.toString()))
                    .isEqualTo(topic.schema());
        }
        assertThat(document.at("/components/messages/MeetingBooked/payload/schema/required")
                        .toString())
                .contains("contact");
        List<String> expected = new ArrayList<>();
        for (TopicOwners owner : TopicOwners.all()) {
            owner.produces()
                    .forEach(topic -> expected.add(owner.service() + ".send." + AsyncApiDocument.channelId(topic)));
            owner.consumes()
                    .forEach(topic -> expected.add(owner.service() + ".receive." + AsyncApiDocument.channelId(topic)));
        }
        assertThat(document.get("operations").propertyNames()).containsAll(expected);
        assertThat(document.at("/operations/drafting-service.send.approved/channel/$ref")
                        .asString())
                .isEqualTo("#/channels/approved");
    }

    private static List<String> errors(JsonNode document) throws Exception {
        try (InputStream specification =
                AsyncApiTest.class.getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(JSON.readTree(specification));
            return schema.validate(document).stream().map(Error::toString).toList();
        }
    }
}
