package dev.touchflow.sequencer.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendingCalendarTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final SendingCalendar officeHoursNewYork = new SendingCalendar(
            NEW_YORK, true, Set.of(LocalDate.parse("2026-05-25")), LocalTime.of(8, 0), LocalTime.of(18, 0));

    @Test
    void aTimeInsideTheWindowOnABusinessDayStays() {
        assertThat(officeHoursNewYork.firstOpeningAtOrAfter(Instant.parse("2026-05-05T15:00:00Z")))
                .isEqualTo(new SendingCalendar.Slot(Instant.parse("2026-05-05T15:00:00Z"), List.of()));
    }

    @Test
    void aSaturdayMovesToMondayAtTheWindowStart() {
        // Saturday 2026-05-02 11:00 New York
        assertThat(officeHoursNewYork.firstOpeningAtOrAfter(Instant.parse("2026-05-02T15:00:00Z")))
                .isEqualTo(new SendingCalendar.Slot(Instant.parse("2026-05-04T12:00:00Z"), List.of("weekend")));
    }

    @Test
    void aHolidayAfterAWeekendMovesToTheNextBusinessDay() {
        // Saturday before Memorial Day (Monday 2026-05-25, a holiday) -> Tuesday 08:00
        assertThat(officeHoursNewYork.firstOpeningAtOrAfter(Instant.parse("2026-05-23T15:00:00Z")))
                .isEqualTo(
                        new SendingCalendar.Slot(Instant.parse("2026-05-26T12:00:00Z"), List.of("weekend", "holiday")));
    }

    @Test
    void beforeTheWindowWaitsForItsStartAndAfterItTheNextDay() {
        // 06:00 and 19:00 New York on Tuesday 2026-05-05
        assertThat(officeHoursNewYork.firstOpeningAtOrAfter(Instant.parse("2026-05-05T10:00:00Z")))
                .isEqualTo(new SendingCalendar.Slot(Instant.parse("2026-05-05T12:00:00Z"), List.of("before_window")));
        assertThat(officeHoursNewYork.firstOpeningAtOrAfter(Instant.parse("2026-05-05T23:00:00Z")))
                .isEqualTo(new SendingCalendar.Slot(Instant.parse("2026-05-06T12:00:00Z"), List.of("after_window")));
    }

    @Test
    void theWindowIsInTheContactsZone() {
        SendingCalendar berlin = new SendingCalendar(BERLIN, false, Set.of(), LocalTime.of(8, 0), LocalTime.of(18, 0));

        // 17:00 UTC is 19:00 in Berlin (CEST) but 13:00 in New York
        assertThat(berlin.firstOpeningAtOrAfter(Instant.parse("2026-05-05T17:00:00Z"))
                        .at())
                .isEqualTo(Instant.parse("2026-05-06T06:00:00Z"));
        assertThat(officeHoursNewYork
                        .firstOpeningAtOrAfter(Instant.parse("2026-05-05T17:00:00Z"))
                        .at())
                .isEqualTo(Instant.parse("2026-05-05T17:00:00Z"));
    }

    @Test
    void theWindowStartFollowsDaylightSavingInBerlin() {
        SendingCalendar berlin = new SendingCalendar(BERLIN, true, Set.of(), LocalTime.of(8, 0), LocalTime.of(18, 0));

        // Friday evening before the change (2026-03-29) -> Monday 08:00 CEST, which is 06:00 UTC, not 07:00
        assertThat(berlin.firstOpeningAtOrAfter(Instant.parse("2026-03-27T18:00:00Z"))
                        .at())
                .isEqualTo(Instant.parse("2026-03-30T06:00:00Z"));
        // and back: Friday before 2026-10-25 -> Monday 08:00 CET = 07:00 UTC
        assertThat(berlin.firstOpeningAtOrAfter(Instant.parse("2026-10-23T17:00:00Z"))
                        .at())
                .isEqualTo(Instant.parse("2026-10-26T07:00:00Z"));
    }

    @Test
    void aWindowStartingInsideTheDstGapStillOpensThatDay() {
        SendingCalendar night = new SendingCalendar(NEW_YORK, false, Set.of(), LocalTime.of(2, 30), LocalTime.of(5, 0));

        // 2026-03-08 02:30 does not exist in New York; the window opens at 03:30 EDT that day
        assertThat(night.firstOpeningAtOrAfter(Instant.parse("2026-03-08T05:00:00Z"))
                        .at())
                .isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    }

    @Test
    void theBusinessDayAfterAReturnDateSkipsWeekendAndHolidayEvenForACampaignThatSendsEveryDay() {
        SendingCalendar everyDay = new SendingCalendar(
                NEW_YORK, false, Set.of(LocalDate.parse("2026-05-25")), LocalTime.of(8, 0), LocalTime.of(18, 0));

        // back Friday 2026-05-22 -> Saturday, Sunday, Memorial Day skipped -> Tuesday 08:00
        assertThat(everyDay.firstOpeningAfterBusinessDay(LocalDate.parse("2026-05-22"))
                        .at())
                .isEqualTo(Instant.parse("2026-05-26T12:00:00Z"));
    }

    @Test
    void aWindowNeedsBothEndsInOrder() {
        assertThatThrownBy(() -> new SendingCalendar(NEW_YORK, false, Set.of(), LocalTime.of(8, 0), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new SendingCalendar(NEW_YORK, false, Set.of(), LocalTime.of(18, 0), LocalTime.of(8, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
