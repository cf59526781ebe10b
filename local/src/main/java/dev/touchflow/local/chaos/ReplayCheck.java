package dev.touchflow.local.chaos;

import dev.touchflow.local.ConsumerGroupReplay;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.Pause;
import dev.touchflow.local.TableRows;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/** What a full replay added: messages delivered, and tables whose row count changed. */
record ReplayCheck(int deliveries, Map<String, String> changedTables) {

    /**
     * Stops every service, rewinds every consumer group to offset 0, starts them again, waits until every
     * group has caught up and the relays and schedules have had their time, and compares.
     */
    static ReplayCheck of(LocalTouchflow touchflow, History history) throws SQLException {
        int deliveredBefore = history.deliveries().size();
        Map<String, Long> rowsBefore = history.rowCounts();
        touchflow.services().forEach(service -> touchflow.stop(service.name()));
        // the services' groups: the console (in this JVM, still running) keeps its members and its offsets
        new ConsumerGroupReplay(touchflow.bootstrapServers())
                .rewind(touchflow.services().stream()
                        .map(LocalTouchflow.Service::name)
                        .toList());
        touchflow.services().forEach(service -> touchflow.restart(service.name()));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (history.consumerLag() != 0 && System.nanoTime() < deadline) {
            Pause.of(Duration.ofSeconds(1));
        }
        Pause.of(Duration.ofSeconds(10));
        Map<String, Long> rowsAfter = history.rowCounts();
        Map<String, String> changed = TableRows.changed(rowsBefore, rowsAfter);
        return new ReplayCheck(history.deliveries().size() - deliveredBefore, changed);
    }
}
