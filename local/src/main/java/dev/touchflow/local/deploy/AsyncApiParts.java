package dev.touchflow.local.deploy;

import dev.touchflow.local.deploy.KafkaManifests.TopicSpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The parts of the AsyncAPI document that every topic shares: headers, keys, Kafka settings, dead letters. */
final class AsyncApiParts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AsyncApiParts() {}

    /** The CloudEvents Kafka binding's headers every event carries, and the W3C trace context. */
    static ObjectNode cloudEventsHeaders() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        schema.putArray("required")
                .add("ce_id")
                .add("ce_type")
                .add("ce_source")
                .add("ce_time")
                .add("ce_specversion");
        ObjectNode properties = schema.putObject("properties");
        text(properties, "ce_id", "the event's id, unique; consumers apply each id once");
        text(properties, "ce_type", "dev.touchflow.<record>, e.g. dev.touchflow.TouchSent");
        text(properties, "ce_source", "the producing service, e.g. /touchflow/dispatch-service");
        text(properties, "ce_time", "when it happened, ISO-8601");
        properties.putObject("ce_specversion").put("type", "string").put("const", "1.0");
        text(properties, "traceparent", "W3C Trace Context of the work that wrote it; consumers continue that trace");
        return schema;
    }

    /** What a dead letter's headers say of its record and of why it could not be processed. */
    static ObjectNode deadLetterHeaders() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        text(properties, "kafka_dlt-original-topic", "the topic it was read from");
        text(properties, "kafka_dlt-original-partition", "its partition (4-byte big-endian int)");
        text(properties, "kafka_dlt-original-offset", "its offset (8-byte big-endian long)");
        text(properties, "kafka_dlt-original-consumer-group", "the group that could not process it");
        text(properties, "kafka_dlt-exception-fqcn", "the exception's class");
        text(properties, "kafka_dlt-exception-message", "the reason, naming the field");
        return schema;
    }

    static ObjectNode deadLetterChannel() {
        ObjectNode channel = JSON.createObjectNode()
                .put("address", "{topic}.{group}.dlt")
                .put(
                        "description",
                        "Records of {topic} that the consumer group {group} could not process, unchanged,"
                                + " with the reason in their headers; ./touchflow dlt lists, shows and redrives them.");
        ObjectNode parameters = channel.putObject("parameters");
        parameters.putObject("topic").put("description", "the topic the record was read from");
        parameters.putObject("group").put("description", "the consumer group, the service's name");
        channel.putObject("messages").putObject("DeadLetter").put("$ref", "#/components/messages/DeadLetter");
        return channel;
    }

    static ObjectNode deadLetterMessage() {
        ObjectNode message = JSON.createObjectNode()
                .put("name", "DeadLetter")
                .put("summary", "the original record's key and value, as read");
        message.putObject("headers").put("$ref", "#/components/schemas/DeadLetterHeaders");
        return message;
    }

    static ObjectNode topicBinding(TopicSpec topic) {
        ObjectNode binding = JSON.createObjectNode()
                .put("topic", topic.name())
                .put("partitions", topic.partitions())
                .put("replicas", topic.replicas());
        ObjectNode config = binding.putObject("topicConfiguration");
        ArrayNode policy = config.putArray("cleanup.policy");
        policy.add(topic.config().getOrDefault("cleanup.policy", "delete"));
        if (topic.config().containsKey("retention.ms")) {
            config.put("retention.ms", Long.parseLong(topic.config().get("retention.ms")));
        }
        binding.put("bindingVersion", AsyncApiDocument.BINDING_VERSION);
        return binding;
    }

    static ObjectNode keyBinding(String key) {
        ObjectNode binding = JSON.createObjectNode();
        binding.putObject("key").put("type", "string").put("description", key);
        binding.put("bindingVersion", AsyncApiDocument.BINDING_VERSION);
        return binding;
    }

    private static void text(ObjectNode properties, String name, String description) {
        properties.putObject(name).put("type", "string").put("description", description);
    }
}
