package dev.touchflow.replies.understand;

import static dev.touchflow.replies.understand.BusinessDays.firstBusinessDay;
import static dev.touchflow.replies.understand.DateWords.END_OF;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Periods counted from the reply: "after Q3", "KW 32", "in two weeks", "next month", "in the autumn". */
final class PeriodsAhead {

    private static final Pattern QUARTER = Pattern.compile(
            "\\b((?:" + END_OF
                    + "|after|nach|après|después de(?:l)?|dopo|na|depois d[eo]|po)\\s+)?(?:the\\s+)?q([1-4])\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern CALENDAR_WEEK =
            Pattern.compile("\\b(?:KW|week|semaine|semana|settimana)\\s*(\\d{1,2})\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern RELATIVE = Pattern.compile(
            "\\b(?:in|within|give it|after|in den nächsten|dans|d'ici|en|dentro de|tra|fra|entro|over|binnen|daqui a|"
                    + "em|za|w ciągu)\\s+(?:(a couple of|a few|ein paar|quelques|unas|un paio di|alcune|een paar|um par de|"
                    + "umas|kilka|a|an|one|two|three|four|five|six|eine[mn]?|ein|zwei|drei|vier|sechs|un|une|deux|trois|"
                    + "quatre|uno|una|dos|tres|cuatro|seis|due|tre|quattro|sei|één|een|twee|drie|zes|um|uma|dois|duas|"
                    + "três|quatro|jeden|jedną|dwa|dwóch|trzy|cztery|sześć|\\d+)\\s+)?(?:or\\s+\\w+\\s+)?"
                    + "(days?|weeks?|months?|years?|tage?n?|wochen?|monate?n?|jahre?n?|jours?|semaines?|mois|ans?|"
                    + "días?|semanas?|mes(?:es)?|años?|giorni|giorno|settimane?|mesi|mese|anni|anno|dagen|dag|weken|week|"
                    + "maanden|maand|jaar|dias?|meses|anos?|dni|dzień|tygodni[ea]?|tydzień|miesi[ąę]c[ey]?|miesięcy|lat)\\b(?!-)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** A unit that means one of it without a number ("dans un mois" has one; "za miesiąc" does not). */
    private static final Pattern SINGULAR_UNIT = Pattern.compile(
            "month|week|woche|monat|semaine|mois|semana|mes|settimana|" + "mese|maand|tydzień|miesiąc",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern NEXT = Pattern.compile(
            "\\b(next|nächste[nrs]?|prochaine?|próxim[oa]|prossim[oa]|volgende)\\s+(week|woche|semaine|semana|settimana|"
                    + "month|monat|mois|mes|mese|maand|year|jahr|année|an|año|anno|jaar|ano)\\b|\\bnew year\\b|"
                    + "\\bneuen jahr\\b|\\bnouvelle année\\b|\\bnext spring\\b|\\bautumn\\b|\\bfall\\b|\\brentrée\\b|"
                    + "\\bafter the summer\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private PeriodsAhead() {}

    static void read(CandidateDates dates) {
        String text = dates.text;
        LocalDate received = dates.received;
        Matcher matcher = QUARTER.matcher(text);
        while (matcher.find()) {
            int quarter = Integer.parseInt(matcher.group(2));
            LocalDate start = LocalDate.of(received.getYear(), (quarter - 1) * 3 + 1, 1);
            if (start.plusMonths(3).isBefore(received) || !start.isAfter(received) && matcher.group(1) == null) {
                start = start.plusYears(start.plusMonths(3).isBefore(received) ? 1 : 0);
            }
            dates.add(matcher, matcher.group(1) != null ? start.plusMonths(3) : start, 3);
        }
        matcher = CALENDAR_WEEK.matcher(text);
        while (matcher.find()) {
            int week = Integer.parseInt(matcher.group(1));
            LocalDate monday =
                    received.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
            dates.add(matcher, monday.isAfter(received) ? monday : monday.plusYears(1), 3);
        }
        matcher = RELATIVE.matcher(text);
        while (matcher.find()) {
            String unit = matcher.group(2).toLowerCase(Locale.ROOT);
            if (matcher.group(1) == null && !SINGULAR_UNIT.matcher(unit).matches()) {
                continue;
            }
            int amount = matcher.group(1) == null ? 1 : DateWords.number(matcher.group(1));
            dates.add(matcher, after(received, amount, unit), 4);
        }
        matcher = NEXT.matcher(text);
        while (matcher.find()) {
            dates.add(matcher, next(matcher.group().toLowerCase(Locale.ROOT), dates), 5);
        }
    }

    private static LocalDate after(LocalDate received, int amount, String unit) {
        if (unit.matches("(day|tag|jour|día|dia|giorn|dag|dni|dzie).*")) {
            return received.plusDays(amount);
        }
        if (unit.matches("(week|wek|woche|semaine|semana|settiman|tygod|tydz).*")) {
            return received.plusWeeks(amount);
        }
        return unit.matches("(month|monat|mois|mes|maand|miesi).*")
                ? received.plusMonths(amount)
                : received.plusYears(amount);
    }

    private static LocalDate next(String phrase, CandidateDates dates) {
        LocalDate received = dates.received;
        if (phrase.matches("(?s).*(year|jahr|anné|año|anno|jaar).*")
                || phrase.endsWith(" an")
                || phrase.endsWith(" ano")) {
            return firstBusinessDay(LocalDate.of(received.getYear() + 1, 1, 1));
        }
        if (phrase.contains("spring")) {
            return dates.firstOfMonth(3, null);
        }
        if (phrase.matches("(?s).*(autumn|fall|rentrée|summer).*")) {
            return firstBusinessDay(dates.firstOfMonth(9, null));
        }
        if (phrase.matches("(?s).*(week|woche|semaine|semana|settimana).*")) {
            return received.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        }
        return firstBusinessDay(received.withDayOfMonth(1).plusMonths(1));
    }
}
