package dev.touchflow.replies.understand;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** Business days and the movable feasts return dates are counted from. */
final class BusinessDays {

    private BusinessDays() {}

    /** The first business day on or after this date; 1 January is a holiday everywhere. */
    static LocalDate firstBusinessDay(LocalDate date) {
        LocalDate day = date.getMonthValue() == 1 && date.getDayOfMonth() == 1 ? date.plusDays(1) : date;
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        return day;
    }

    static LocalDate nextBusinessDay(LocalDate date) {
        return firstBusinessDay(date.plusDays(1));
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
}
