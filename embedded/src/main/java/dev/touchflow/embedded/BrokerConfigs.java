package dev.touchflow.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The {@code server.properties} of the embedded brokers: a standalone node, or a node of a cluster. */
final class BrokerConfigs {

    private BrokerConfigs() {}

    /** A single node, broker and controller, with SASL/SCRAM and ACLs when it has {@code users}. */
    static Map<String, String> standalone(Path directory, int port, int controllerPort, Map<String, String> users) {
        boolean secured = !users.isEmpty();
        String client = secured ? "SASL_PLAINTEXT" : "PLAINTEXT";
        Map<String, String> props = new HashMap<>();
        if (secured) {
            props.putAll(Map.of(
                    "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                    "sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512",
                    "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                            jaas(KraftBroker.ADMIN, users.get(KraftBroker.ADMIN)),
                    "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "allow.everyone.if.no.acl.found", "false",
                    // the broker reaches its own controller over the loopback CONTROLLER listener, unauthenticated
                    "super.users", "User:" + KraftBroker.ADMIN + ";User:ANONYMOUS"));
        }
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
                Map.entry("listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", client + "://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", client),
                Map.entry("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", directory.resolve("logs").toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.flush.interval.messages", "9223372036854775807")));
        return props;
    }

    /** Node {@code id} of a cluster of {@code size}: every topic replicated to all, acks=all needs all but one. */
    static Map<String, String> clusterNode(
            int id, Path directory, int port, int controllerPort, String voters, int size) {
        String replicas = String.valueOf(size);
        String minInSync = String.valueOf(size - 1);
        Map<String, String> props = new HashMap<>();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(id)),
                Map.entry("controller.quorum.voters", voters),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", directory.resolve("logs").toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("default.replication.factor", replicas),
                Map.entry("min.insync.replicas", minInSync),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", replicas),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", replicas),
                Map.entry("transaction.state.log.min.isr", minInSync),
                Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                Map.entry("share.coordinator.state.topic.min.isr", minInSync),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // a killed node's replicas catch up and lead again soon after it returns
                Map.entry("leader.imbalance.check.interval.seconds", "10"),
                Map.entry("unclean.leader.election.enable", "false"),
                // a killed node is noticed in seconds: the controller fences it and its leaders move, and the
                // others drop it from their in-sync replicas, so acks=all writes wait seconds, not half a minute
                Map.entry("broker.heartbeat.interval.ms", "1000"),
                Map.entry("broker.session.timeout.ms", "5000"),
                Map.entry("replica.lag.time.max.ms", "5000")));
        return props;
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }
}
