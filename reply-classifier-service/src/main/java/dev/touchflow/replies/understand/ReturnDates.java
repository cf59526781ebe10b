package dev.touchflow.replies.understand;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date a person says they are back, or may be written to again, as LABELS.md defines it: a
 * named return day wins; "until X" means back on X, and "until X inclusive" (or "through X") the
 * business day after; a month alone means its first business day, a quarter its first day, "end of"
 * a period the day after it ends; relative phrases count from the day the reply was received.
 * Dates are read in English, German, French, Spanish, Italian, Dutch, Portuguese and Polish; a
 * numeric date that could be day/month or month/day is read the way that lands soonest after the
 * reply.
 */
public final class ReturnDates {

    private static final Map<String, Integer> MONTHS = months();
    private static final Map<String, DayOfWeek> WEEKDAYS = weekdays();
    private static final String MONTH = "("
            + String.join(
                    "|",
                    MONTHS.keySet().stream()
                            .sorted(Comparator.comparingInt(String::length).reversed())
                            .toList())
            + ")\\.?";
    private static final String WEEKDAY = "("
            + String.join(
                    "|",
                    WEEKDAYS.keySet().stream()
                            .sorted(Comparator.comparingInt(String::length).reversed())
                            .toList())
            + ")";
    private static final Pattern DAY_MONTH = Pattern.compile(
            "\\b(\\d{1,2})(?:st|nd|rd|th|er|º|\\.)?\\s*(?:of\\s+|de\\s+)?" + MONTH + "(?:\\s*,?\\s*(\\d{4}))?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern MONTH_DAY = Pattern.compile(
            "\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:\\s*,?\\s*(\\d{4}))?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern NUMERIC = Pattern.compile("\\b(\\d{1,2})[./](\\d{1,2})(?:[./](\\d{2,4}))?\\b");
    private static final Pattern ORDINAL =
            Pattern.compile("\\bthe\\s+(\\d{1,2})(?:st|nd|rd|th)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEXT_WEEK_AFTER = Pattern.compile(
            "\\W*(next week|nächste woche|der nächsten woche|"
                    + "de la semaine prochaine|la semaine prochaine|de la semana que viene|de la próxima semana|della prossima settimana|"
                    + "volgende week|da próxima semana|w przyszłym tygodniu)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern WEEKDAY_ALONE =
            Pattern.compile("\\b" + WEEKDAY + "\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern MONTH_ALONE = Pattern.compile(
            "\\b(?:in|im|en|a|em|w|we|from|ab|starting|early|" + "until|after)\\s+(?:early\\s+|mid\\s+|late\\s+)?"
                    + MONTH + "(?:\\s+(\\d{4}))?\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final String END_OF =
            "(?:at the )?end of|ende|fin(?: de| d'| du)?|finales de|a fine|fine|einde|eind|"
                    + "final de|fim de|koniec|pod koniec|końca";
    private static final Pattern END_OF_MONTH =
            Pattern.compile("\\b(?:" + END_OF + ")\\s+" + MONTH, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
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
    private static final Pattern RETURN_CUE = Pattern.compile(
            "((back|return|returning|zurück|wieder|retour|de retour|vuelvo|regreso|volveré|rientro|rientrerò|terug|weer|"
                    + "volto|retorno|wracam|powrót)(\\W+\\w+){0,4}?|ab|vanaf|a partir|"
                    + "(try|contact|reach out|get in touch|get back in touch|write|email|e-mail|ping|speak|talk|call|check back|"
                    + "circle back|revisit|come back|melden|kontaktieren|recontact|revenir|contact(ez|ar))"
                    + "(\\W+\\w+){0,3}?)\\W*(on|am|le|el|il|op|em|w|the|dem|in|im|after|\\s)*\\W*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern AFTER_THAT = Pattern.compile(
            "\\b(after that|after then|afterwards|danach|après cela|" + "después|dopo|daarna|depois)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern EARLY_YEAR = Pattern.compile(
            "\\b(?:early|start of|beginning of|in|anfang|début)\\s+(20\\d\\d)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern END_OF_WEEK = Pattern.compile(
            "end of (the|this) week|fin de (la|cette) semaine|"
                    + "ende der woche|final de la semana|fine (della )?settimana|eind van de week|fim da semana|końca tygodnia",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern LAST_WEEK_OF = Pattern.compile("last week of\\s+" + MONTH, Pattern.CASE_INSENSITIVE);
    private static final Pattern HOLIDAY = Pattern.compile(
            "after (easter|christmas|tax season)|nach ostern|"
                    + "après pâques|nach weihnachten|après noël|después de (navidad|semana santa|pascua)|dopo (natale|pasqua)|"
                    + "na (kerst|pasen)|depois do natal|depois da páscoa|po (świętach|wielkanocy)|"
                    + "after the (holidays|holiday season|festive season)|nach den (feiertagen|festtagen)|après les fêtes|"
                    + "después de (las )?fiestas|dopo le feste|na de feestdagen|depois das festas|po nowym roku|after new year|"
                    + "after (epiphany|carnival|mardi gras)|nach (dreikönig|heilige drei könige|karneval|fasching)|"
                    + "après (l'épiphanie|les rois|carnaval)|después de (reyes|carnaval)|dopo (la befana|l'epifania|carnevale)|"
                    + "na (driekoningen|carnaval)|depois do carnaval|depois dos reis|po (trzech króli|karnawale)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern AFTER_SUMMER = Pattern.compile(
            "after the summer( holidays| break)?|nach dem sommer|"
                    + "nach den sommerferien|après l'été|après les vacances d'été|después del verano|dopo l'estate|"
                    + "dopo le ferie( di agosto| estive)?|na de zomer|na de zomervakantie|depois do verão|depois das férias|po wakacjach|"
                    + "po lecie",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern UNTIL_CUE = Pattern.compile(
            "(until|till|til|through|thru|bis|jusqu'au|jusqu’au|jusqu'à|hasta|fino al|fino a|t/m|tot|até|do)\\W*"
                    + "(en met|einschließlich|zum|el|al|the|on|le|dem|\\s)*\\W*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern INCLUSIVE = Pattern.compile(
            "^\\W*(inclusive|included|inclus|incluido|incluso|inclusief|einschließlich|inclusivo|włącznie)|"
                    + "(through|thru|tot en met|t/m|bis einschließlich|einschließlich)\\W*(\\w+\\W*){0,2}$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private ReturnDates() {}

    /** A candidate date found in the text, where it was, and what the words before it say. */
    private record Found(
            LocalDate date, int start, int end, boolean returnCue, boolean untilCue, boolean inclusive, int priority) {}

    public static Optional<LocalDate> find(String text, LocalDate received) {
        String body = text == null ? "" : text;
        List<Found> found = new ArrayList<>();
        collect(body, received, found);
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

    private static void collect(String text, LocalDate received, List<Found> found) {
        Matcher matcher = DAY_MONTH.matcher(text);
        while (matcher.find()) {
            dated(
                    text,
                    matcher,
                    monthDay(received, Integer.parseInt(matcher.group(1)), month(matcher.group(2)), matcher.group(3)),
                    0,
                    found);
        }
        matcher = MONTH_DAY.matcher(text);
        while (matcher.find()) {
            dated(
                    text,
                    matcher,
                    monthDay(received, Integer.parseInt(matcher.group(2)), month(matcher.group(1)), matcher.group(3)),
                    0,
                    found);
        }
        matcher = NUMERIC.matcher(text);
        while (matcher.find()) {
            int a = Integer.parseInt(matcher.group(1));
            int b = Integer.parseInt(matcher.group(2));
            LocalDate dayMonth = monthDay(received, a, b, matcher.group(3));
            LocalDate monthDay = monthDay(received, b, a, matcher.group(3));
            LocalDate soonest = dayMonth == null
                    ? monthDay
                    : monthDay == null ? dayMonth : dayMonth.isBefore(monthDay) ? dayMonth : monthDay;
            dated(text, matcher, soonest, 0, found);
        }
        matcher = ORDINAL.matcher(text);
        while (matcher.find()) {
            int day = Integer.parseInt(matcher.group(1));
            LocalDate date = received.plusDays(1);
            for (int i = 0; i < 62 && date.getDayOfMonth() != day; i++) {
                date = date.plusDays(1);
            }
            dated(text, matcher, date.getDayOfMonth() == day ? date : null, 1, found);
        }
        matcher = WEEKDAY_ALONE.matcher(text);
        while (matcher.find()) {
            if (overlaps(found, matcher.start())) {
                continue;
            }
            DayOfWeek day = WEEKDAYS.get(matcher.group(1).toLowerCase(Locale.ROOT));
            LocalDate date = received.with(TemporalAdjusters.next(day));
            if (NEXT_WEEK_AFTER.matcher(text.substring(matcher.end())).lookingAt()) {
                date = received.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).with(TemporalAdjusters.nextOrSame(day));
            }
            dated(text, matcher, date, 2, found);
        }
        matcher = END_OF_MONTH.matcher(text);
        while (matcher.find()) {
            LocalDate first = firstOfMonth(received, month(matcher.group(1)), null);
            dated(text, matcher, first.with(TemporalAdjusters.lastDayOfMonth()).plusDays(1), 3, found);
        }
        boolean afterThat = AFTER_THAT.matcher(text).find();
        matcher = MONTH_ALONE.matcher(text);
        while (matcher.find()) {
            if (overlaps(found, matcher.start())) {
                continue;
            }
            LocalDate first = firstOfMonth(received, month(matcher.group(1)), matcher.group(2));
            if (matcher.group(2) == null
                    && text.substring(matcher.end()).toLowerCase(Locale.ROOT).startsWith(" next year")
                    && first.getYear() == received.getYear()) {
                first = first.plusYears(1);
            }
            dated(text, matcher, firstBusinessDay(afterThat ? first.plusMonths(1) : first), 3, found);
        }
        matcher = LAST_WEEK_OF.matcher(text);
        while (matcher.find()) {
            LocalDate last =
                    firstOfMonth(received, month(matcher.group(1)), null).with(TemporalAdjusters.lastDayOfMonth());
            dated(text, matcher, last.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), 0, found);
        }
        matcher = EARLY_YEAR.matcher(text);
        while (matcher.find()) {
            dated(text, matcher, firstBusinessDay(LocalDate.of(Integer.parseInt(matcher.group(1)), 1, 1)), 3, found);
        }
        matcher = END_OF_WEEK.matcher(text);
        while (matcher.find()) {
            dated(text, matcher, received.with(TemporalAdjusters.next(DayOfWeek.MONDAY)), 1, found);
        }
        matcher = HOLIDAY.matcher(text);
        while (matcher.find()) {
            String holiday = matcher.group().toLowerCase(Locale.ROOT);
            LocalDate date;
            if (holiday.matches(".*(easter|ostern|pâques|pascua|semana santa|pasqua|pasen|páscoa|wielkanoc).*")) {
                LocalDate easter = easter(received.getYear());
                date = (easter.isBefore(received) ? easter(received.getYear() + 1) : easter).plusDays(2);
            } else if (holiday.contains("tax")) {
                date = monthDay(received, 16, 4, null);
            } else if (holiday.matches(".*(carnival|mardi gras|karneval|fasching|carnaval|carnevale|karnawale).*")) {
                // Carnival ends on Shrove Tuesday, 47 days before Easter: back on Ash Wednesday
                LocalDate ashWednesday = easter(received.getYear()).minusDays(46);
                date = ashWednesday.isAfter(received)
                        ? ashWednesday
                        : easter(received.getYear() + 1).minusDays(46);
            } else if (holiday.matches(".*(epiphany|dreikönig|drei könige|épiphanie|rois|reyes|befana|epifania|"
                    + "driekoningen|reis|trzech króli).*")) {
                date = nextBusinessDay(monthDay(received, 6, 1, null));
            } else if (holiday.matches(".*(christmas|weihnachten|noël|navidad|natale|kerst|natal|świętach).*")) {
                date = nextBusinessDay(LocalDate.of(received.getYear(), 12, 26));
            } else {
                // the year-end holidays: back in the first business days of the new year
                date = firstBusinessDay(LocalDate.of(
                        received.getMonthValue() == 1 ? received.getYear() : received.getYear() + 1, 1, 4));
            }
            dated(text, matcher, date, 1, found);
        }
        matcher = AFTER_SUMMER.matcher(text);
        while (matcher.find()) {
            dated(text, matcher, firstBusinessDay(firstOfMonth(received, 9, null)), 1, found);
        }
        matcher = QUARTER.matcher(text);
        while (matcher.find()) {
            int quarter = Integer.parseInt(matcher.group(2));
            LocalDate start = LocalDate.of(received.getYear(), (quarter - 1) * 3 + 1, 1);
            if (start.plusMonths(3).isBefore(received) || !start.isAfter(received) && matcher.group(1) == null) {
                start = start.plusYears(start.plusMonths(3).isBefore(received) ? 1 : 0);
            }
            LocalDate date = matcher.group(1) != null ? start.plusMonths(3) : start;
            dated(text, matcher, date, 3, found);
        }
        matcher = CALENDAR_WEEK.matcher(text);
        while (matcher.find()) {
            int week = Integer.parseInt(matcher.group(1));
            LocalDate monday =
                    received.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
            dated(text, matcher, monday.isAfter(received) ? monday : monday.plusYears(1), 3, found);
        }
        matcher = RELATIVE.matcher(text);
        while (matcher.find()) {
            String unit = matcher.group(2).toLowerCase(Locale.ROOT);
            if (matcher.group(1) == null && !SINGULAR_UNIT.matcher(unit).matches()) {
                continue;
            }
            int amount = matcher.group(1) == null ? 1 : number(matcher.group(1));
            LocalDate date = unit.matches("(day|tag|jour|día|dia|giorn|dag|dni|dzie).*")
                    ? received.plusDays(amount)
                    : unit.matches("(week|wek|woche|semaine|semana|settiman|tygod|tydz).*")
                            ? received.plusWeeks(amount)
                            : unit.matches("(month|monat|mois|mes|maand|miesi).*")
                                    ? received.plusMonths(amount)
                                    : received.plusYears(amount);
            dated(text, matcher, date, 4, found);
        }
        matcher = NEXT.matcher(text);
        while (matcher.find()) {
            String phrase = matcher.group().toLowerCase(Locale.ROOT);
            LocalDate date;
            if (phrase.contains("year")
                    || phrase.contains("jahr")
                    || phrase.contains("anné")
                    || phrase.contains("año")
                    || phrase.contains("anno")
                    || phrase.contains("jaar")
                    || phrase.endsWith(" an")
                    || phrase.endsWith(" ano")) {
                date = firstBusinessDay(LocalDate.of(received.getYear() + 1, 1, 1));
            } else if (phrase.contains("spring")) {
                date = firstOfMonth(received, 3, null);
            } else if (phrase.contains("autumn")
                    || phrase.contains("fall")
                    || phrase.contains("rentrée")
                    || phrase.contains("summer")) {
                date = firstBusinessDay(firstOfMonth(received, 9, null));
            } else if (phrase.contains("week")
                    || phrase.contains("woche")
                    || phrase.contains("semaine")
                    || phrase.contains("semana")
                    || phrase.contains("settimana")) {
                date = received.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            } else {
                date = firstBusinessDay(received.withDayOfMonth(1).plusMonths(1));
            }
            dated(text, matcher, date, 5, found);
        }
    }

    private static void dated(String text, Matcher matcher, LocalDate date, int priority, List<Found> found) {
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

    private static boolean overlaps(List<Found> found, int position) {
        return found.stream().anyMatch(each -> position >= each.start() - 12 && position <= each.end());
    }

    /** The next date with this day and month on or after the day after receipt (or in the given year). */
    private static LocalDate monthDay(LocalDate received, int day, Integer month, String year) {
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

    private static LocalDate firstOfMonth(LocalDate received, Integer month, String year) {
        int m = month == null ? received.getMonthValue() : month;
        if (year != null) {
            return LocalDate.of(Integer.parseInt(year), m, 1);
        }
        LocalDate first = LocalDate.of(received.getYear(), m, 1);
        return first.plusMonths(1).isAfter(received) ? first : first.plusYears(1);
    }

    /** The first business day on or after this date; 1 January is a holiday everywhere. */
    static LocalDate firstBusinessDay(LocalDate date) {
        LocalDate day = date.getMonthValue() == 1 && date.getDayOfMonth() == 1 ? date.plusDays(1) : date;
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        return day;
    }

    /** Easter Sunday (the anonymous Gregorian computus). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    static LocalDate nextBusinessDay(LocalDate date) {
        return firstBusinessDay(date.plusDays(1));
    }

    private static Integer month(String name) {
        return MONTHS.get(name.toLowerCase(Locale.ROOT).replace(".", ""));
    }

    private static int number(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "a",
                    "an",
                    "one",
                    "ein",
                    "eine",
                    "einem",
                    "einen",
                    "un",
                    "une",
                    "uno",
                    "una",
                    "één",
                    "een",
                    "um",
                    "uma",
                    "jeden",
                    "jedną" -> 1;
            case "two",
                    "zwei",
                    "deux",
                    "dos",
                    "due",
                    "twee",
                    "dois",
                    "duas",
                    "dwa",
                    "dwóch",
                    "a couple of",
                    "ein paar",
                    "een paar",
                    "un paio di",
                    "um par de" -> 2;
            case "three",
                    "drei",
                    "trois",
                    "tres",
                    "tre",
                    "drie",
                    "três",
                    "trzy",
                    "a few",
                    "quelques",
                    "unas",
                    "alcune",
                    "umas",
                    "kilka" -> 3;
            case "four", "vier", "quatre", "cuatro", "quattro", "quatro", "cztery" -> 4;
            case "five" -> 5;
            case "six", "sechs", "seis", "sei", "zes", "sześć" -> 6;
            default -> Integer.parseInt(word);
        };
    }

    private static Map<String, Integer> months() {
        Map<String, Integer> months = new HashMap<>();
        String[][] names = {
            {
                "january",
                "jan",
                "januar",
                "jänner",
                "janvier",
                "janv",
                "enero",
                "ene",
                "gennaio",
                "gen",
                "januari",
                "janeiro",
                "stycznia",
                "styczeń",
                "styczen",
                "styczniu"
            },
            {
                "february",
                "feb",
                "februar",
                "février",
                "fevrier",
                "févr",
                "febrero",
                "febbraio",
                "februari",
                "fevereiro",
                "fev",
                "lutego",
                "luty",
                "lutym"
            },
            {"march", "mar", "märz", "maerz", "mars", "marzo", "maart", "março", "marco", "marca", "marzec", "marcu"},
            {"april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień", "kwietniu"},
            {"may", "mai", "mayo", "maggio", "mei", "maio", "maja", "maj", "maju"},
            {"june", "jun", "juni", "juin", "junio", "giugno", "junho", "czerwca", "czerwiec", "czerwcu"},
            {"july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipca", "lipiec", "lipcu"},
            {"august", "aug", "août", "aout", "agosto", "ago", "augustus", "sierpnia", "sierpień", "sierpniu"},
            {
                "september",
                "sep",
                "sept",
                "septembre",
                "septiembre",
                "settembre",
                "set",
                "setembro",
                "września",
                "wrzesień",
                "wrzesnia",
                "wrześniu"
            },
            {
                "october",
                "oct",
                "oktober",
                "okt",
                "octobre",
                "octubre",
                "ottobre",
                "ott",
                "outubro",
                "out",
                "października",
                "październik",
                "październiku"
            },
            {"november", "nov", "novembre", "noviembre", "novembro", "listopada", "listopad", "listopadzie"},
            {
                "december",
                "dec",
                "dezember",
                "dez",
                "décembre",
                "decembre",
                "déc",
                "diciembre",
                "dic",
                "dicembre",
                "dezembro",
                "grudnia",
                "grudzień",
                "grudniu"
            }
        };
        for (int i = 0; i < names.length; i++) {
            for (String name : names[i]) {
                months.putIfAbsent(name, i + 1);
            }
        }
        return months;
    }

    private static Map<String, DayOfWeek> weekdays() {
        Map<String, DayOfWeek> days = new HashMap<>();
        String[][] names = {
            {"monday", "montag", "lundi", "lunes", "lunedì", "lunedi", "maandag", "segunda", "poniedziałek"},
            {"tuesday", "dienstag", "mardi", "martes", "martedì", "martedi", "dinsdag", "terça", "terca", "wtorek"},
            {
                "wednesday",
                "mittwoch",
                "mercredi",
                "miércoles",
                "miercoles",
                "mercoledì",
                "mercoledi",
                "woensdag",
                "quarta",
                "środa",
                "sroda"
            },
            {"thursday", "donnerstag", "jeudi", "jueves", "giovedì", "giovedi", "donderdag", "quinta", "czwartek"},
            {"friday", "freitag", "vendredi", "viernes", "venerdì", "venerdi", "vrijdag", "sexta", "piątek", "piatek"}
        };
        for (int i = 0; i < names.length; i++) {
            for (String name : names[i]) {
                days.put(name, DayOfWeek.of(i + 1));
            }
        }
        return days;
    }
}
