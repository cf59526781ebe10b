package dev.touchflow.replies.understand;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The date a person says they are back, or may be written to again, as LABELS.md defines it: a
 * named return day wins; "until X" means back on X, and "until X inclusive" (or "through X") the
 * business day after; a month alone means its first business day, a quarter its first day, "end of"
 * a period the day after it ends; relative phrases count from the day the reply was received.
 * Dates are read in English, German, French, Spanish, Italian, Dutch, Portuguese and Polish.
 */
public final class ReturnDates {

    private ReturnDates() {}

    public static Optional<LocalDate> find(String text, LocalDate received) {
        CandidateDates dates = new CandidateDates(text == null ? "" : text, received);
        NamedDays.read(dates);
        MonthsAndWeeks.read(dates);
        HolidaySeasons.read(dates);
        PeriodsAhead.read(dates);
        return dates.returnDate();
    }
}
