package dev.touchflow.local.deploy;

import dev.touchflow.local.deploy.KafkaManifests.TopicSpec;
import dev.touchflow.schemas.topics.AvroTopic;
import dev.touchflow.schemas.topics.TopicOwners;
import dev.touchflow.schemas.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AsyncAPI 3.0 document of every topic, written from the topic registry ({@link Topics}, {@link TopicOwners},
 * the Avro schemas, the ingress JSON Schemas): each topic a channel with its Kafka settings, each service's reads
 * and writes an operation, each value a message with its schema, key and headers, and the dead-letter topics
 * one parameterised channel. {@code docs/asyncapi.json} is this document; a test fails while it is stale
 * ({@code ./touchflow topics asyncapi --write}).
 */
public final class AsyncApiDocument {

    static final String BINDING_VERSION = "0.5.0";
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Map<String, String> INGRESS =
            Map.of(Topics.MEETING_BOOKED, "meeting-booked", Topics.PIPELINE_STAGE_CHANGED, "pipeline-stage-changed");

    private AsyncApiDocument() {}

    /** The document, as JSON text. */
    public static String json() {
        return JSON.writeValueAsString(document()) + "\n";
    }

    static ObjectNode document() {
        ObjectNode root = JSON.createObjectNode().put("asyncapi", "3.0.0");
        root.putObject("info")
                .put("title", "Touchflow events")
                .put("version", "1")
                .put("description", """
                        Every topic Touchflow's services read or write. Values on the event topics are Avro records in \
                        Avro's single-object encoding (0xC3 0x01, the schema's 8-byte fingerprint, then the binary \
                        record); every schema ever published is kept, with FULL compatibility. The ingress topics \
                        carry JSON. A record a consumer cannot process goes to its dead-letter topic.""");
        root.put("defaultContentType", "application/vnd.apache.avro");
        root.putObject("servers")
                .putObject("local")
                .put("host", "127.0.0.1:9092")
                .put("protocol", "kafka")
                .put("description", "./touchflow up's broker (PLAINTEXT, loopback); a cluster uses SASL_SSL");
        ObjectNode channels = root.putObject("channels");
        ObjectNode messages = root.putObject("components").putObject("messages");
        ObjectNode schemas = ((ObjectNode) root.get("components")).putObject("schemas");
        schemas.set("CloudEventsHeaders", AsyncApiParts.cloudEventsHeaders());
        schemas.set("DeadLetterHeaders", AsyncApiParts.deadLetterHeaders());
        for (TopicSpec topic : KafkaManifests.topics()) {
            if (topic.name().endsWith(".dlt")) {
                continue;
            }
            String id = channelId(topic.name());
            String message = messageOf(topic.name());
            ObjectNode channel = channels.putObject(id).put("address", topic.name());
            channel.putObject("messages").putObject(message).put("$ref", "#/components/messages/" + message);
            channel.putObject("bindings").set("kafka", AsyncApiParts.topicBinding(topic));
            messages.set(message, message(topic.name(), message));
        }
        channels.set("dead-letters", AsyncApiParts.deadLetterChannel());
        messages.set("DeadLetter", AsyncApiParts.deadLetterMessage());
        ObjectNode operations = root.putObject("operations");
        for (TopicOwners owner : TopicOwners.all()) {
            owner.produces().forEach(topic -> operation(operations, owner.service(), "send", topic));
            owner.consumes().forEach(topic -> operation(operations, owner.service(), "receive", topic));
            if (!owner.consumes().isEmpty()) {
                operations
                        .putObject(owner.service() + ".dead-letters")
                        .put("action", "send")
                        .put("summary", owner.service() + " dead-letters the records of its topics it cannot process")
                        .putObject("channel")
                        .put("$ref", "#/channels/dead-letters");
            }
        }
        return root;
    }

    private static void operation(ObjectNode operations, String service, String action, String topic) {
        operations
                .putObject(service + "." + action + "." + channelId(topic))
                .put("action", action)
                .putObject("channel")
                .put("$ref", "#/channels/" + channelId(topic));
    }

    private static ObjectNode message(String topic, String name) {
        ObjectNode message = JSON.createObjectNode().put("name", name);
        String key = Topics.COMPACTED.contains(topic) ? "the campaign's slug" : "<client_id>:<contact_id>";
        if (INGRESS.containsKey(topic)) {
            message.put("contentType", "application/json");
            message.putObject("payload")
                    .put("schemaFormat", "application/schema+json;version=draft-07")
                    .set("schema", resource("/touchflow/json/" + INGRESS.get(topic) + ".schema.json"));
        } else {
            AvroTopic avro = Topics.AVRO_TOPICS.stream()
                    .filter(candidate -> candidate.name().equals(topic))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no schema for " + topic));
            message.put("contentType", "application/vnd.apache.avro");
            message.putObject("headers").put("$ref", "#/components/schemas/CloudEventsHeaders");
            message.putObject("payload")
                    .put("schemaFormat", "application/vnd.apache.avro+json;version=1.9.0")
                    .set("schema", JSON.readTree(avro.schema().toString()));
        }
        message.putObject("bindings").set("kafka", AsyncApiParts.keyBinding(key));
        return message;
    }

    /** The message of a topic: its Avro record's name, or the ingress event's. */
    private static String messageOf(String topic) {
        if (INGRESS.containsKey(topic)) {
            return topic.equals(Topics.MEETING_BOOKED) ? "MeetingBooked" : "PipelineStageChanged";
        }
        return Topics.AVRO_TOPICS.stream()
                .filter(avro -> avro.name().equals(topic))
                .findFirst()
                .map(avro -> avro.schema().getName())
                .orElseThrow(() -> new IllegalStateException("no schema for " + topic));
    }

    static String channelId(String topic) {
        return topic.substring("touchflow.".length());
    }

    private static JsonNode resource(String path) {
        try (InputStream in = AsyncApiDocument.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no " + path + " on the class path");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
