package dev.touchflow.replies.understand;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReturnDatesTest {

    @Test
    void untilMeansBackOnThatDayAndInclusiveMeansTheBusinessDayAfter() {
        assertThat(ReturnDates.find("I'm out of the office until 12 May.", LocalDate.of(2026, 5, 4)))
                .contains(LocalDate.of(2026, 5, 12));
        // 22 May 2026 is a Friday
        assertThat(ReturnDates.find("Ich bin bis einschließlich 22. Mai nicht im Büro.", LocalDate.of(2026, 5, 11)))
                .contains(LocalDate.of(2026, 5, 25));
        assertThat(ReturnDates.find("Estaré fuera de la oficina hasta el 7 de enero.", LocalDate.of(2025, 12, 22)))
                .contains(LocalDate.of(2026, 1, 7));
    }

    @Test
    void aNamedReturnDayWinsOverTheAbsence() {
        assertThat(ReturnDates.find(
                        "Away from 24 December to 2 January inclusive. Back on 5 January.", LocalDate.of(2025, 12, 22)))
                .contains(LocalDate.of(2026, 1, 5));
        assertThat(ReturnDates.find("Back on Monday.", LocalDate.of(2026, 6, 4)))
                .contains(LocalDate.of(2026, 6, 8));
    }

    @Test
    void numericDatesAreReadTheWayThatLandsSoonestAfterTheReply() {
        assertThat(ReturnDates.find("Out 7/3 - 7/7. Back 7/8.", LocalDate.of(2025, 7, 3)))
                .contains(LocalDate.of(2025, 7, 8));
        assertThat(ReturnDates.find("On leave, returning 03/11.", LocalDate.of(2025, 10, 24)))
                .contains(LocalDate.of(2025, 11, 3));
    }

    @Test
    void periodsAndRelativePhrasesResolveAgainstTheDayReceived() {
        assertThat(ReturnDates.find("Try me in Q3.", LocalDate.of(2026, 2, 10))).contains(LocalDate.of(2026, 7, 1));
        assertThat(ReturnDates.find("Circle back in two weeks.", LocalDate.of(2026, 3, 2)))
                .contains(LocalDate.of(2026, 3, 16));
        // 1 November 2025 is a Saturday: the month's first business day
        assertThat(ReturnDates.find("Let's speak in November.", LocalDate.of(2025, 6, 17)))
                .contains(LocalDate.of(2025, 11, 3));
        assertThat(ReturnDates.find("Kommen Sie in KW 40 wieder auf mich zu.", LocalDate.of(2025, 8, 12)))
                .contains(LocalDate.of(2025, 9, 29));
        assertThat(ReturnDates.find("Get back in touch after Easter.", LocalDate.of(2026, 3, 10)))
                .contains(LocalDate.of(2026, 4, 7));
        assertThat(ReturnDates.find("Thanks, we're fine.", LocalDate.of(2026, 3, 10)))
                .isEmpty();
    }

    @Test
    void relativePhrasesHolidayPeriodsAndPeriodEndsInEveryLanguage() {
        LocalDate tuesday = LocalDate.of(2026, 5, 12);
        assertThat(ReturnDates.find("In zwei Wochen gerne wieder.", tuesday)).contains(LocalDate.of(2026, 5, 26));
        assertThat(ReturnDates.find("Over drie weken graag.", tuesday)).contains(LocalDate.of(2026, 6, 2));
        assertThat(ReturnDates.find("Za miesiąc.", tuesday)).contains(LocalDate.of(2026, 6, 12));
        // "month-end" is not a month from now
        assertThat(ReturnDates.find("Ask me in two weeks, I'm buried in month-end close.", tuesday))
                .contains(LocalDate.of(2026, 5, 26));
        assertThat(ReturnDates.find("Back in the office Wednesday next week.", tuesday))
                .contains(LocalDate.of(2026, 5, 20));
        assertThat(ReturnDates.find("Unser Budget wird erst Ende Q3 freigegeben.", tuesday))
                .contains(LocalDate.of(2026, 10, 1));
        assertThat(ReturnDates.find("Proszę napisać we wrześniu.", tuesday)).contains(LocalDate.of(2026, 9, 1));
        assertThat(ReturnDates.find("Recontactez-moi après les fêtes.", LocalDate.of(2026, 11, 26)))
                .contains(LocalDate.of(2027, 1, 4));
        // Shrove Tuesday 2027 is 9 February: back on Ash Wednesday
        assertThat(ReturnDates.find("Depois do Carnaval falamos.", LocalDate.of(2027, 1, 20)))
                .contains(LocalDate.of(2027, 2, 10));
        assertThat(ReturnDates.find("Hablamos después de Reyes.", LocalDate.of(2026, 12, 21)))
                .contains(LocalDate.of(2027, 1, 7));
    }
}
