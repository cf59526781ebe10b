package dev.touchflow.schemas.topics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Which service writes and reads which topic: the one table the services declare their topics from
 * and a secured cluster's ACLs are made from. Each service is a Kafka principal of its own name
 * ({@code User:drafting-service}), and its consumer group has that name too. Only the owner of a
 * topic may write it, so only drafting-service may write {@code touchflow.approved}; the two ingress
 * topics are written from outside, by principals a deployment adds.
 *
 * @param service  the service, its principal and its consumer group
 * @param consumes topics it reads (and whose dead-letter topic for its group it writes)
 * @param produces topics it writes
 * @param watches  topics it only reads, writing no dead-letter topic for them (the console's view of
 *     every service's dead letters)
 */
public record TopicOwners(String service, List<String> consumes, List<String> produces, List<String> watches) {

    public static final TopicOwners ENROLLMENT = new TopicOwners(
            "enrollment-service",
            List.of(
                    Topics.MEETING_BOOKED,
                    Topics.PIPELINE_STAGE_CHANGED,
                    Topics.ENROLL,
                    Topics.SEQUENCE_EXHAUSTED,
                    Topics.ENGAGEMENT,
                    Topics.REPLY_CLASSIFIED,
                    Topics.ENROLLMENT),
            List.of(Topics.ENROLL, Topics.ENROLLMENT, Topics.CAMPAIGN_VERSIONS));
    public static final TopicOwners SEQUENCER = new TopicOwners(
            "sequencer-service",
            List.of(Topics.ENROLLMENT, Topics.REPLY_CLASSIFIED, Topics.CAMPAIGN_VERSIONS),
            List.of(Topics.STEP_DUE, Topics.SEQUENCE_EXHAUSTED));
    public static final TopicOwners DRAFTING = new TopicOwners(
            "drafting-service",
            List.of(Topics.STEP_DUE, Topics.ENROLLMENT),
            List.of(Topics.DRAFT_STAGED, Topics.APPROVED, Topics.DRAFT_REQUESTED));
    public static final TopicOwners DISPATCH = new TopicOwners(
            "dispatch-service",
            List.of(Topics.APPROVED, Topics.ENROLLMENT, Topics.REPLY_CLASSIFIED),
            List.of(Topics.SENT, Topics.ENGAGEMENT));
    public static final TopicOwners REPLIES =
            new TopicOwners("reply-classifier-service", List.of(Topics.SENT), List.of(Topics.REPLY_CLASSIFIED));

    private static final List<String> CONSOLE_READS = List.of(
            Topics.ENROLL,
            Topics.ENROLLMENT,
            Topics.DRAFT_STAGED,
            Topics.SENT,
            Topics.ENGAGEMENT,
            Topics.REPLY_CLASSIFIED);

    /**
     * The console's read model: what happened to every run, touch and reply, for the pages and their stats;
     * and every consumer group's dead letters, for the dead-letter screen.
     */
    public static final TopicOwners CONSOLE = new TopicOwners(
            "console",
            CONSOLE_READS,
            List.of(),
            Stream.concat(
                            Stream.of(ENROLLMENT, SEQUENCER, DRAFTING, DISPATCH, REPLIES)
                                    .flatMap(owner -> owner.deadLetters().stream()),
                            CONSOLE_READS.stream().map(topic -> Topics.deadLetter(topic, "console")))
                    .toList());

    public TopicOwners(String service, List<String> consumes, List<String> produces) {
        this(service, consumes, produces, List.of());
    }

    public TopicOwners {
        consumes = List.copyOf(consumes);
        produces = List.copyOf(produces);
        watches = List.copyOf(watches);
    }

    public static List<TopicOwners> all() {
        return List.of(ENROLLMENT, SEQUENCER, DRAFTING, DISPATCH, REPLIES, CONSOLE);
    }

    /** The dead-letter topics this service's consumer group writes. */
    public List<String> deadLetters() {
        return consumes.stream().map(topic -> Topics.deadLetter(topic, service)).toList();
    }

    /**
     * The least a service needs on a cluster with an authorizer: write and create its own topics and
     * its dead-letter topics, read what it consumes or watches with its own group, and the idempotent
     * producer.
     */
    public List<AclBinding> acls() {
        String principal = "User:" + service;
        List<AclBinding> acls = new ArrayList<>();
        Set<String> written = new LinkedHashSet<>(produces);
        written.addAll(deadLetters());
        for (String topic : written) {
            for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE)) {
                acls.add(allow(principal, ResourceType.TOPIC, topic, operation));
            }
        }
        for (String topic : watches) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
        }
        for (String topic : consumes) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
            acls.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.CREATE));
        }
        acls.add(allow(principal, ResourceType.GROUP, service, AclOperation.READ));
        acls.add(allow(principal, ResourceType.CLUSTER, "kafka-cluster", AclOperation.IDEMPOTENT_WRITE));
        return acls;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
