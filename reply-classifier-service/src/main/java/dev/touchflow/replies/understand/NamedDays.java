package dev.touchflow.replies.understand;

import static dev.touchflow.replies.understand.DateWords.MONTH;
import static dev.touchflow.replies.understand.DateWords.WEEKDAY;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Phrases that name one day: "12 May", "May 12th", "7/8", "the 3rd", "Monday (next week)". */
final class NamedDays {

    private static final Pattern DAY_MONTH = Pattern.compile(
            "\\b(\\d{1,2})(?:st|nd|rd|th|er|º|\\.)?\\s*(?:of\\s+|de\\s+)?" + MONTH + "(?:\\s*,?\\s*(\\d{4}))?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern MONTH_DAY = Pattern.compile(
            "\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:\\s*,?\\s*(\\d{4}))?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern NUMERIC = Pattern.compile("\\b(\\d{1,2})[./](\\d{1,2})(?:[./](\\d{2,4}))?\\b");
    private static final Pattern ORDINAL =
            Pattern.compile("\\bthe\\s+(\\d{1,2})(?:st|nd|rd|th)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WEEKDAY_ALONE =
            Pattern.compile("\\b" + WEEKDAY + "\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern NEXT_WEEK_AFTER = Pattern.compile(
            "\\W*(next week|nächste woche|der nächsten woche|"
                    + "de la semaine prochaine|la semaine prochaine|de la semana que viene|de la próxima semana|della prossima settimana|"
                    + "volgende week|da próxima semana|w przyszłym tygodniu)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private NamedDays() {}

    static void read(CandidateDates dates) {
        String text = dates.text;
        LocalDate received = dates.received;
        Matcher matcher = DAY_MONTH.matcher(text);
        while (matcher.find()) {
            int day = Integer.parseInt(matcher.group(1));
            dates.add(matcher, dates.monthDay(day, DateWords.month(matcher.group(2)), matcher.group(3)), 0);
        }
        matcher = MONTH_DAY.matcher(text);
        while (matcher.find()) {
            int day = Integer.parseInt(matcher.group(2));
            dates.add(matcher, dates.monthDay(day, DateWords.month(matcher.group(1)), matcher.group(3)), 0);
        }
        matcher = NUMERIC.matcher(text);
        while (matcher.find()) {
            int a = Integer.parseInt(matcher.group(1));
            int b = Integer.parseInt(matcher.group(2));
            // day/month or month/day: read the way that lands soonest after the reply
            LocalDate dayMonth = dates.monthDay(a, b, matcher.group(3));
            LocalDate monthDay = dates.monthDay(b, a, matcher.group(3));
            LocalDate soonest = dayMonth == null
                    ? monthDay
                    : monthDay == null ? dayMonth : dayMonth.isBefore(monthDay) ? dayMonth : monthDay;
            dates.add(matcher, soonest, 0);
        }
        matcher = ORDINAL.matcher(text);
        while (matcher.find()) {
            int day = Integer.parseInt(matcher.group(1));
            LocalDate date = received.plusDays(1);
            for (int i = 0; i < 62 && date.getDayOfMonth() != day; i++) {
                date = date.plusDays(1);
            }
            dates.add(matcher, date.getDayOfMonth() == day ? date : null, 1);
        }
        matcher = WEEKDAY_ALONE.matcher(text);
        while (matcher.find()) {
            if (dates.overlaps(matcher.start())) {
                continue;
            }
            DayOfWeek day = DateWords.weekday(matcher.group(1));
            LocalDate date = received.with(TemporalAdjusters.next(day));
            if (NEXT_WEEK_AFTER.matcher(text.substring(matcher.end())).lookingAt()) {
                date = received.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).with(TemporalAdjusters.nextOrSame(day));
            }
            dates.add(matcher, date, 2);
        }
    }
}
