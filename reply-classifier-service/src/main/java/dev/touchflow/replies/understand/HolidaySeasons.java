package dev.touchflow.replies.understand;

import static dev.touchflow.replies.understand.BusinessDays.easter;
import static dev.touchflow.replies.understand.BusinessDays.firstBusinessDay;
import static dev.touchflow.replies.understand.BusinessDays.nextBusinessDay;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Phrases that name a holiday or a season: "after Easter", "nach den Feiertagen", "after the summer". */
final class HolidaySeasons {

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

    private HolidaySeasons() {}

    static void read(CandidateDates dates) {
        Matcher matcher = HOLIDAY.matcher(dates.text);
        while (matcher.find()) {
            dates.add(matcher, dayAfter(matcher.group().toLowerCase(Locale.ROOT), dates), 1);
        }
        matcher = AFTER_SUMMER.matcher(dates.text);
        while (matcher.find()) {
            dates.add(matcher, firstBusinessDay(dates.firstOfMonth(9, null)), 1);
        }
    }

    private static LocalDate dayAfter(String holiday, CandidateDates dates) {
        LocalDate received = dates.received;
        if (holiday.matches(".*(easter|ostern|pâques|pascua|semana santa|pasqua|pasen|páscoa|wielkanoc).*")) {
            LocalDate easter = easter(received.getYear());
            return (easter.isBefore(received) ? easter(received.getYear() + 1) : easter).plusDays(2);
        }
        if (holiday.contains("tax")) {
            return dates.monthDay(16, 4, null);
        }
        if (holiday.matches(".*(carnival|mardi gras|karneval|fasching|carnaval|carnevale|karnawale).*")) {
            // Carnival ends on Shrove Tuesday, 47 days before Easter: back on Ash Wednesday
            LocalDate ashWednesday = easter(received.getYear()).minusDays(46);
            return ashWednesday.isAfter(received)
                    ? ashWednesday
                    : easter(received.getYear() + 1).minusDays(46);
        }
        if (holiday.matches(".*(epiphany|dreikönig|drei könige|épiphanie|rois|reyes|befana|epifania|"
                + "driekoningen|reis|trzech króli).*")) {
            return nextBusinessDay(dates.monthDay(6, 1, null));
        }
        if (holiday.matches(".*(christmas|weihnachten|noël|navidad|natale|kerst|natal|świętach).*")) {
            return nextBusinessDay(LocalDate.of(received.getYear(), 12, 26));
        }
        // the year-end holidays: back in the first business days of the new year
        return firstBusinessDay(
                LocalDate.of(received.getMonthValue() == 1 ? received.getYear() : received.getYear() + 1, 1, 4));
    }
}
