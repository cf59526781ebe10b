package dev.touchflow.bench.launch;

import dev.touchflow.local.ConsumerGroupReplay;
import dev.touchflow.local.ConsumerLag;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.Pause;
import dev.touchflow.local.TableRows;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * A full replay after a launch, as an operator would run one: every listener stopped, every consumer
 * group (the services' and the console's) rewound to offset 0, the listeners started, and the time until
 * every group's lag is 0 again; then the proof that it had no effect: no email delivered, and every table
 * of every database with the rows it had.
 */
final class ReplayRun {

    private static final List<String> DATABASES = List.of(
            "touchflow_enrollment",
            "touchflow_sequencer",
            "touchflow_drafting",
            "touchflow_dispatch",
            "touchflow_replies",
            "touchflow_console");
    private static final Duration ROUND = Duration.ofMillis(250);
    /** After lag 0, the relays, the sequencer and the sender have this long to add anything. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private ReplayRun() {}

    static Map<String, Object> run(LocalTouchflow touchflow, Duration limit) throws SQLException {
        List<KafkaListenerEndpointRegistry> registries = Stream.concat(
                        touchflow.services().stream().map(service -> touchflow.context(service.name())),
                        Stream.of(touchflow.console()))
                .map(context -> context.getBean(KafkaListenerEndpointRegistry.class))
                .toList();
        List<String> groups = ConsumerGroupReplay.touchflowGroups();
        ConsumerLag lag = new ConsumerLag(touchflow.bootstrapServers());
        Map<String, Long> rowsBefore = TableRows.count(DATABASES, touchflow.postgres()::adminDataSource);
        int emailsBefore = touchflow.mail().greenMail().getReceivedMessages().length;

        registries.forEach(KafkaListenerEndpointRegistry::stop);
        while (registries.stream().anyMatch(KafkaListenerEndpointRegistry::isRunning)) {
            Pause.of(ROUND);
        }
        new ConsumerGroupReplay(touchflow.bootstrapServers()).rewind(groups);
        Map<String, Long> events = lag.byGroup(groups);
        long started = System.nanoTime();
        registries.forEach(KafkaListenerEndpointRegistry::start);
        double listening = (System.nanoTime() - started) / 1e9;
        Map<String, Double> caughtUp = new LinkedHashMap<>();
        List<List<Number>> behindOverTime = new ArrayList<>();
        while (caughtUp.size() < groups.size() && System.nanoTime() - started < limit.toNanos()) {
            Pause.of(ROUND);
            Map<String, Long> behindNow = lag.byGroup(groups);
            // when the read answered: a group at 0 is known to be caught up from then
            double seconds = (System.nanoTime() - started) / 1e9;
            behindOverTime.add(List.of(
                    LaunchRun.round(seconds),
                    behindNow.values().stream().mapToLong(Long::longValue).sum()));
            behindNow.forEach((group, behind) -> {
                if (behind == 0) {
                    caughtUp.putIfAbsent(group, seconds);
                }
            });
        }
        double seconds = caughtUp.size() == groups.size()
                ? caughtUp.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElseThrow()
                : (System.nanoTime() - started) / 1e9;
        Pause.of(SETTLE);
        Map<String, Long> rowsAfter = TableRows.count(DATABASES, touchflow.postgres()::adminDataSource);

        long total = events.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("events", total);
        report.put("seconds", LaunchRun.round(seconds));
        report.put("events_per_s", LaunchRun.round(total / seconds));
        report.put("caught_up", caughtUp.size() == groups.size());
        report.put("listeners_started_s", LaunchRun.round(listening));
        report.put("behind", behindOverTime);
        Map<String, Object> byGroup = new LinkedHashMap<>();
        events.forEach((group, count) -> {
            Double took = caughtUp.get(group);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("events", count);
            one.put("seconds", took == null ? null : LaunchRun.round(took));
            one.put("events_per_s", took == null ? null : LaunchRun.round(count / Math.max(took, 0.001)));
            byGroup.put(group, one);
        });
        report.put("by_group", byGroup);
        report.put("emails_sent_again", touchflow.mail().greenMail().getReceivedMessages().length - emailsBefore);
        report.put("tables_changed", TableRows.changed(rowsBefore, rowsAfter));
        return report;
    }
}
