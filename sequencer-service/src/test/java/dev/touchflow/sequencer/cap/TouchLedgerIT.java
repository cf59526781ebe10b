package dev.touchflow.sequencer.cap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.sequencer.SequencerDatabaseTest;
import dev.touchflow.sequencer.cap.TouchLedger.Day;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;

/** The daily cap's ledger on the real database: partial grants, and batches racing over shared contacts. */
class TouchLedgerIT extends SequencerDatabaseTest {

    private static final LocalDate MONDAY = LocalDate.parse("2026-12-07");

    @Autowired
    TouchLedger ledger;

    @Test
    void aDayIsGrantedTheRoomItHasLeftAndNoMore() {
        Day ada = day("ada");
        Day ben = day("ben");

        assertThat(reserve(Map.of(ada, 1), 2)).isEqualTo(Map.of(ada, 1));
        assertThat(reserve(Map.of(ada, 3, ben, 3), 2)).isEqualTo(Map.of(ada, 1, ben, 2));
        assertThat(reserve(Map.of(ada, 1, ben, 2), 2)).isEmpty();
        assertThat(touches(ada)).isEqualTo(2);
        assertThat(touches(ben)).isEqualTo(2);
        assertThat(reserve(Map.of(ada, 1), 3))
                .as("a client whose cap was raised")
                .isEqualTo(Map.of(ada, 1));
    }

    @Test
    void readingDaysBackLooksThemUpByKeyEvenWithStatisticsOfAnEmptyLedger() {
        // Given statistics taken while the ledger was empty, and then 50,000 days, in a transaction rolled back
        db.sql("TRUNCATE touch_ledger").then().block();
        String plan = planAfterInsert(
                "touch_ledger",
                """
                        INSERT INTO touch_ledger (client_id, contact_id, local_date, touches, cap)
                        SELECT 'b2bea', 'c-' || n, DATE '2026-12-07' + (n % 5), 1, 1
                        FROM generate_series(1, 50000) AS n""",
                // When the planner is asked about reading three of them back
                db.sql("EXPLAIN " + TouchLedger.CURRENT)
                        .bind("clients", new String[] {"b2bea", "b2bea", "b2bea"})
                        .bind("contacts", new String[] {"c-1", "c-2", "c-3"})
                        .bind("dates", new LocalDate[] {MONDAY, MONDAY, MONDAY}));

        // Then it looks each up in the primary key, without reading or hashing the whole ledger
        assertThat(plan)
                .contains("Index Scan using touch_ledger_pkey")
                .doesNotContain("Seq Scan")
                .doesNotContain("Hash");
    }

    @Test
    void batchesUnderWayAtOnceOverSharedContactsNeitherPassTheCapNorDeadlock() {
        int cap = 3;
        List<Day> days = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            days.add(day("shared-" + i));
        }
        Random random = new Random(7);
        List<Map<Day, Integer>> batches = new ArrayList<>();
        Map<Day, Integer> wantedInAll = new HashMap<>();
        for (int b = 0; b < 16; b++) {
            List<Day> order = new ArrayList<>(days);
            Collections.shuffle(order, random);
            Map<Day, Integer> wanted = new LinkedHashMap<>();
            order.subList(0, 12).forEach(day -> wanted.put(day, 1 + random.nextInt(2)));
            wanted.forEach((day, n) -> wantedInAll.merge(day, n, Integer::sum));
            batches.add(wanted);
        }

        List<Map<Day, Integer>> grants = Flux.fromIterable(batches)
                .flatMap(wanted -> transactions.transactional(ledger.reserve(wanted, client -> cap)), batches.size())
                .collectList()
                .block(Duration.ofSeconds(60));

        Map<Day, Integer> grantedInAll = new HashMap<>();
        grants.forEach(granted -> granted.forEach((day, n) -> grantedInAll.merge(day, n, Integer::sum)));
        for (Day day : wantedInAll.keySet()) {
            assertThat(grantedInAll.get(day)).as(day.contactId()).isEqualTo(Math.min(cap, wantedInAll.get(day)));
            assertThat(touches(day)).as(day.contactId()).isEqualTo(grantedInAll.get(day));
        }
    }

    private Map<Day, Integer> reserve(Map<Day, Integer> wanted, int cap) {
        return transactions.transactional(ledger.reserve(wanted, client -> cap)).block(Duration.ofSeconds(30));
    }

    private int touches(Day day) {
        return db.sql(
                        "SELECT touches FROM touch_ledger WHERE client_id = :client AND contact_id = :contact AND local_date = :date")
                .bind("client", day.clientId())
                .bind("contact", day.contactId())
                .bind("date", day.date())
                .map(row -> row.get("touches", Integer.class))
                .one()
                .block(Duration.ofSeconds(30));
    }

    private static Day day(String contact) {
        return new Day("ledger-it", contact + "-" + UUID.randomUUID(), MONDAY);
    }
}
