package dev.touchflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The build check that keeps every schema FULL-compatible with all its published versions. */
class PublishedSchemasTest {

    @TestFactory
    List<DynamicTest> everyCurrentSchemaIsPublished() {
        return Topics.AVRO_TOPICS.stream()
                .map(topic -> DynamicTest.dynamicTest(topic.name(), () -> {
                    long current = AvroSingleObjectDeserializer.fingerprintOf(topic.schema());
                    List<Long> published = PublishedSchemas.versionsOf(
                                    topic.schema().getFullName())
                            .stream()
                            .map(AvroSingleObjectDeserializer::fingerprintOf)
                            .toList();
                    assertThat(published)
                            .as(
                                    "%s changed: run SchemaHistoryWriter to publish it as a new version",
                                    topic.schema().getFullName())
                            .contains(current);
                }))
                .toList();
    }

    @TestFactory
    List<DynamicTest> everyCurrentSchemaIsFullCompatibleWithEveryPublishedVersion() {
        return Topics.AVRO_TOPICS.stream()
                .map(topic -> DynamicTest.dynamicTest(
                        topic.name(),
                        () -> assertThat(FullCompatibility.problems(
                                        topic.schema(),
                                        PublishedSchemas.versionsOf(
                                                topic.schema().getFullName())))
                                .isEmpty()))
                .toList();
    }

    @Test
    void aNewFieldWithoutDefaultIsRejected() {
        Schema v1 = parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");
        Schema v2 = parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int"}]}""");

        assertThat(FullCompatibility.problems(v2, List.of(v1)))
                .singleElement()
                .asString()
                .contains("v1 data read by the new schema fails");
    }

    @Test
    void aRemovedFieldWithoutDefaultIsRejected() {
        Schema v1 = parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int"}]}""");
        Schema v2 = parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");

        assertThat(FullCompatibility.problems(v2, List.of(v1)))
                .singleElement()
                .asString()
                .contains("new data read by v1 fails");
    }

    @Test
    void anOptionalFieldWithDefaultIsAccepted() {
        Schema v1 = parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");
        Schema v2 = parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"},
                 {"name":"b","type":["null","string"],"default":null}]}""");

        assertThat(FullCompatibility.problems(v2, List.of(v1))).isEmpty();
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
