package dev.touchflow.sequencer.calendar;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Named holiday calendars, usually one per client. */
@Repository
public class Holidays {

    private final DatabaseClient db;

    Holidays(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Set<LocalDate>> holidaysOf(String calendar) {
        if (calendar == null) {
            return Mono.just(Set.of());
        }
        return entries(calendar).map(Holiday::day).collect(Collectors.toUnmodifiableSet());
    }

    public Flux<Holiday> entries(String calendar) {
        return db.sql("SELECT day, name FROM holidays WHERE calendar = :calendar ORDER BY day")
                .bind("calendar", calendar)
                .map(row -> new Holiday(row.get("day", LocalDate.class), row.get("name", String.class)))
                .all();
    }

    /** Replaces the calendar's holidays; the caller holds the transaction. */
    public Mono<Void> replace(String calendar, List<Holiday> holidays) {
        return db.sql("DELETE FROM holidays WHERE calendar = :calendar")
                .bind("calendar", calendar)
                .then()
                .thenMany(Flux.fromIterable(holidays)
                        .concatMap(holiday -> db.sql(
                                        "INSERT INTO holidays (calendar, day, name) VALUES (:calendar, :day, :name)")
                                .bind("calendar", calendar)
                                .bind("day", holiday.day())
                                .bind("name", holiday.name())
                                .then()))
                .then();
    }

    public record Holiday(LocalDate day, String name) {}
}
