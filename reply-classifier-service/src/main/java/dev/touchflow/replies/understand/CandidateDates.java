package dev.touchflow.replies.understand;

import static dev.touchflow.replies.understand.BusinessDays.nextBusinessDay;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The dates found in one reply, each with the cue words around it, and the one that is the return date. */
final class CandidateDates {

    private static final Pattern RETURN_CUE = Pattern.compile(
            "((back|return|returning|zurück|wieder|retour|de retour|vuelvo|regreso|volveré|rientro|rientrerò|terug|weer|"
                    + "volto|retorno|wracam|powrót)(\\W+\\w+){0,4}?|ab|vanaf|a partir|"
                    + "(try|contact|reach out|get in touch|get back in touch|write|email|e-mail|ping|speak|talk|call|check back|"
                    + "circle back|revisit|come back|melden|kontaktieren|recontact|revenir|contact(ez|ar))"
                    + "(\\W+\\w+){0,3}?)\\W*(on|am|le|el|il|op|em|w|the|dem|in|im|after|\\s)*\\W*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern UNTIL_CUE = Pattern.compile(
            "(until|till|til|through|thru|bis|jusqu'au|jusqu’au|jusqu'à|hasta|fino al|fino a|t/m|tot|até|do)\\W*"
                    + "(en met|einschließlich|zum|el|al|the|on|le|dem|\\s)*\\W*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern INCLUSIVE = Pattern.compile(
            "^\\W*(inclusive|included|inclus|incluido|incluso|inclusief|einschließlich|inclusivo|włącznie)|"
                    + "(through|thru|tot en met|t/m|bis einschließlich|einschließlich)\\W*(\\w+\\W*){0,2}$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** A candidate date, where it was, and what the words around it say. */
    private record Found(
            LocalDate date, int start, int end, boolean returnCue, boolean untilCue, boolean inclusive, int priority) {}

    final String text;
    final LocalDate received;
    private final List<Found> found = new ArrayList<>();

    CandidateDates(String text, LocalDate received) {
        this.text = text;
        this.received = received;
    }

    /**
     * Adds the date a phrase names; a lower priority is a more specific phrase. A phrase that names
     * no real date (the 31st of April) adds nothing.
     */
    void add(Matcher matcher, LocalDate date, int priority) {
        if (date == null) {
            return;
        }
        String before = text.substring(Math.max(0, matcher.start() - 40), matcher.start());
        String after = text.substring(matcher.end(), Math.min(text.length(), matcher.end() + 25));
        boolean inclusive =
                INCLUSIVE.matcher(after).find() || INCLUSIVE.matcher(before).find();
        found.add(new Found(
                date,
                matcher.start(),
                matcher.end(),
                RETURN_CUE.matcher(before).find(),
                UNTIL_CUE.matcher(before).find(),
                inclusive,
                priority));
    }

    /** Whether a date already found covers this position (or ends just before it). */
    boolean overlaps(int position) {
        return found.stream().anyMatch(each -> position >= each.start() - 12 && position <= each.end());
    }

    /**
     * The return date: a date after a return cue ("back on"), else an inclusive "until" (the business
     * day after it), else the last "until", else the most specific and latest date.
     */
    Optional<LocalDate> returnDate() {
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Found best = found.stream()
                .filter(Found::returnCue)
                .min(Comparator.comparingInt(Found::priority).thenComparingInt(Found::start))
                .or(() -> found.stream()
                        .filter(each -> each.untilCue() && each.inclusive())
                        .findFirst())
                .or(() -> found.stream().filter(Found::untilCue).reduce((first, second) -> second))
                .orElseGet(() -> found.stream()
                        .min(Comparator.comparingInt(Found::priority)
                                .thenComparing(Comparator.comparing(Found::date).reversed()))
                        .orElseThrow());
        LocalDate date = best.date();
        if (!best.returnCue() && best.untilCue() && best.inclusive()) {
            date = nextBusinessDay(date);
        }
        return Optional.of(date);
    }

    /** The next date with this day and month on or after the day of receipt (or in the given year). */
    LocalDate monthDay(int day, Integer month, String year) {
        if (month == null
                || month < 1
                || month > 12
                || day < 1
                || !MonthDay.of(month, 1).isValidYear(2024)
                || day > 31) {
            return null;
        }
        try {
            if (year != null) {
                int y = Integer.parseInt(year);
                return LocalDate.of(y < 100 ? 2000 + y : y, month, day);
            }
            LocalDate date = LocalDate.of(received.getYear(), month, day);
            return date.isBefore(received) ? date.plusYears(1) : date;
        } catch (RuntimeException invalid) {
            return null;
        }
    }

    /** The first of this month (this one when null) now or ahead, or in the given year. */
    LocalDate firstOfMonth(Integer month, String year) {
        int m = month == null ? received.getMonthValue() : month;
        if (year != null) {
            return LocalDate.of(Integer.parseInt(year), m, 1);
        }
        LocalDate first = LocalDate.of(received.getYear(), m, 1);
        return first.plusMonths(1).isAfter(received) ? first : first.plusYears(1);
    }
}
