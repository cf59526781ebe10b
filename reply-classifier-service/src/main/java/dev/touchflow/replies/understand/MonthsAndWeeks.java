package dev.touchflow.replies.understand;

import static dev.touchflow.replies.understand.BusinessDays.firstBusinessDay;
import static dev.touchflow.replies.understand.DateWords.END_OF;
import static dev.touchflow.replies.understand.DateWords.MONTH;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Phrases that name a month or a week: "end of May", "in June", "last week of July", "early 2027". */
final class MonthsAndWeeks {

    private static final Pattern END_OF_MONTH =
            Pattern.compile("\\b(?:" + END_OF + ")\\s+" + MONTH, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern AFTER_THAT = Pattern.compile(
            "\\b(after that|after then|afterwards|danach|après cela|" + "después|dopo|daarna|depois)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern MONTH_ALONE = Pattern.compile(
            "\\b(?:in|im|en|a|em|w|we|from|ab|starting|early|" + "until|after)\\s+(?:early\\s+|mid\\s+|late\\s+)?"
                    + MONTH + "(?:\\s+(\\d{4}))?\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern LAST_WEEK_OF = Pattern.compile("last week of\\s+" + MONTH, Pattern.CASE_INSENSITIVE);
    private static final Pattern EARLY_YEAR = Pattern.compile(
            "\\b(?:early|start of|beginning of|in|anfang|début)\\s+(20\\d\\d)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern END_OF_WEEK = Pattern.compile(
            "end of (the|this) week|fin de (la|cette) semaine|"
                    + "ende der woche|final de la semana|fine (della )?settimana|eind van de week|fim da semana|końca tygodnia",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private MonthsAndWeeks() {}

    static void read(CandidateDates dates) {
        String text = dates.text;
        LocalDate received = dates.received;
        Matcher matcher = END_OF_MONTH.matcher(text);
        while (matcher.find()) {
            LocalDate first = dates.firstOfMonth(DateWords.month(matcher.group(1)), null);
            dates.add(matcher, first.with(TemporalAdjusters.lastDayOfMonth()).plusDays(1), 3);
        }
        boolean afterThat = AFTER_THAT.matcher(text).find();
        matcher = MONTH_ALONE.matcher(text);
        while (matcher.find()) {
            if (dates.overlaps(matcher.start())) {
                continue;
            }
            LocalDate first = dates.firstOfMonth(DateWords.month(matcher.group(1)), matcher.group(2));
            if (matcher.group(2) == null
                    && text.substring(matcher.end()).toLowerCase(Locale.ROOT).startsWith(" next year")
                    && first.getYear() == received.getYear()) {
                first = first.plusYears(1);
            }
            dates.add(matcher, firstBusinessDay(afterThat ? first.plusMonths(1) : first), 3);
        }
        matcher = LAST_WEEK_OF.matcher(text);
        while (matcher.find()) {
            LocalDate last = dates.firstOfMonth(DateWords.month(matcher.group(1)), null)
                    .with(TemporalAdjusters.lastDayOfMonth());
            dates.add(matcher, last.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), 0);
        }
        matcher = EARLY_YEAR.matcher(text);
        while (matcher.find()) {
            dates.add(matcher, firstBusinessDay(LocalDate.of(Integer.parseInt(matcher.group(1)), 1, 1)), 3);
        }
        matcher = END_OF_WEEK.matcher(text);
        while (matcher.find()) {
            dates.add(matcher, received.with(TemporalAdjusters.next(DayOfWeek.MONDAY)), 1);
        }
    }
}
