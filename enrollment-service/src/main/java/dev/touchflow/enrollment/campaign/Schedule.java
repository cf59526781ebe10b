package dev.touchflow.enrollment.campaign;

import dev.touchflow.schemas.common.SchedulePolicy;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import java.time.LocalTime;

/**
 * When a campaign's steps may fire: business days only (weekends and the holiday calendar's days
 * skipped), and a daily send window {@code [window_start, window_end)} in the contact's time zone.
 */
public record Schedule(
        boolean businessDaysOnly,
        String holidayCalendar,

        @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a local time HH:mm")
        String windowStart,

        @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a local time HH:mm")
        String windowEnd) {

    @AssertTrue(message = "a send window needs both window_start and window_end, the start before the end")
    boolean isWindow() {
        if (windowStart == null && windowEnd == null) {
            return true;
        }
        try {
            return windowStart != null
                    && windowEnd != null
                    && LocalTime.parse(windowStart).isBefore(LocalTime.parse(windowEnd));
        } catch (RuntimeException e) {
            return true;
        }
    }

    public SchedulePolicy toAvro() {
        return SchedulePolicy.newBuilder()
                .setBusinessDaysOnly(businessDaysOnly)
                .setHolidayCalendar(holidayCalendar)
                .setWindowStart(windowStart)
                .setWindowEnd(windowEnd)
                .build();
    }
}
