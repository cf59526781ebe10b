package dev.touchflow.sequencer.calendar;

import dev.touchflow.schemas.common.SchedulePolicy;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Builds the sending calendar of one enrollment from its time zone and its campaign's policy. */
@Component
public class SendingCalendars {

    private final Holidays holidays;

    SendingCalendars(Holidays holidays) {
        this.holidays = holidays;
    }

    public Mono<SendingCalendar> of(String timezone, SchedulePolicy policy) {
        String calendar = policy == null ? null : policy.getHolidayCalendar();
        return holidays.holidaysOf(calendar).map(days -> build(timezone, policy, days));
    }

    /** The holidays of each named calendar, read once for a whole batch. */
    public Mono<Map<String, Set<LocalDate>>> holidaysOf(Collection<String> calendars) {
        return Flux.fromIterable(new HashSet<>(calendars))
                .concatMap(name -> holidays.holidaysOf(name).map(days -> Map.entry(name, days)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    public static SendingCalendar build(String timezone, SchedulePolicy policy, Set<LocalDate> holidays) {
        ZoneId zone = zoneOf(timezone);
        if (policy == null) {
            return new SendingCalendar(zone, false, Set.of(), null, null);
        }
        return new SendingCalendar(
                zone,
                policy.getBusinessDaysOnly(),
                holidays,
                time(policy.getWindowStart()),
                time(policy.getWindowEnd()));
    }

    /** The zone, or UTC when none is known or it is not a zone id. */
    public static ZoneId zoneOf(String timezone) {
        try {
            return timezone == null || timezone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timezone);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private static LocalTime time(String value) {
        return value == null || value.isBlank() ? null : LocalTime.parse(value);
    }
}
