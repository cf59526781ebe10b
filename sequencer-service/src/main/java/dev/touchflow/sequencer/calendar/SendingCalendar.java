package dev.touchflow.sequencer.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When touches may go out to one contact: in the contact's time zone, on business days only if
 * the campaign asks (weekends and the calendar's holidays skipped), and inside a daily send window
 * {@code [start, end)} if it has one. Plain Java; local times are resolved with
 * {@link ZonedDateTime}, so a window start inside a DST gap moves forward and never vanishes.
 */
public record SendingCalendar(
        ZoneId zone, boolean businessDaysOnly, Set<LocalDate> holidays, LocalTime windowStart, LocalTime windowEnd) {

    private static final int MAX_DAYS_AHEAD = 3660;

    public SendingCalendar {
        holidays = Set.copyOf(holidays);
        if ((windowStart == null) != (windowEnd == null)) {
            throw new IllegalArgumentException("a send window needs both a start and an end");
        }
        if (windowStart != null && !windowStart.isBefore(windowEnd)) {
            throw new IllegalArgumentException("a send window must start before it ends");
        }
    }

    /** Any time, any day, in UTC. */
    public static SendingCalendar always() {
        return new SendingCalendar(ZoneId.of("UTC"), false, Set.of(), null, null);
    }

    /** The first instant at or after {@code at} when a touch may go, and why it moved if it did. */
    public Slot firstOpeningAtOrAfter(Instant at) {
        ZonedDateTime candidate = at.atZone(zone);
        Set<String> reasons = new LinkedHashSet<>();
        for (int guard = 0; guard < MAX_DAYS_AHEAD * 2; guard++) {
            LocalDate day = candidate.toLocalDate();
            if (businessDaysOnly && isWeekend(day)) {
                reasons.add("weekend");
                candidate = openingOf(day.plusDays(1));
            } else if (businessDaysOnly && holidays.contains(day)) {
                reasons.add("holiday");
                candidate = openingOf(day.plusDays(1));
            } else if (windowStart != null && candidate.toLocalTime().isBefore(windowStart)) {
                reasons.add("before_window");
                candidate = openingOf(day);
            } else if (windowEnd != null && !candidate.toLocalTime().isBefore(windowEnd)) {
                reasons.add("after_window");
                candidate = openingOf(day.plusDays(1));
            } else {
                return new Slot(candidate.toInstant(), new ArrayList<>(reasons));
            }
        }
        throw new IllegalStateException("no opening within " + MAX_DAYS_AHEAD + " days of " + at);
    }

    /** The first opening on a later local day than the one {@code at} falls on. */
    public Slot firstOpeningAfterTheDayOf(Instant at) {
        return firstOpeningAtOrAfter(openingOf(localDate(at).plusDays(1)).toInstant());
    }

    /** The first opening on the business day after {@code date}, whatever the campaign's own rule. */
    public Slot firstOpeningAfterBusinessDay(LocalDate date) {
        LocalDate day = date.plusDays(1);
        while (isWeekend(day) || holidays.contains(day)) {
            day = day.plusDays(1);
        }
        return firstOpeningAtOrAfter(openingOf(day).toInstant());
    }

    public LocalDate localDate(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    private ZonedDateTime openingOf(LocalDate day) {
        return windowStart == null ? day.atStartOfDay(zone) : ZonedDateTime.of(day, windowStart, zone);
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** An instant a touch may go, with the reasons it was moved from the asked-for time. */
    public record Slot(Instant at, List<String> movedBecause) {}
}
