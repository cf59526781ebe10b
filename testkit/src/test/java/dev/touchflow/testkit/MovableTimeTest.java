package dev.touchflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

class MovableTimeTest {

    @Test
    void theContextsClockStartsWhereTheTestSaysAndMovesOnlyWhenMoved() {
        try (var context = context(Map.of(MovableTime.START_PROPERTY, "2026-12-01T09:00:00Z"))) {
            Clock clock = context.getBean(Clock.class);
            MovableClock movable = context.getBean(MovableClock.class);

            assertThat(clock).isSameAs(movable);
            assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
            assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
            movable.advance(Duration.ofHours(2));
            assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        }
    }

    @Test
    void withoutAStartItStartsAtTheDefaultAndEachContextHasItsOwnClock() {
        try (var first = context(Map.of());
                var second = context(Map.of())) {
            first.getBean(MovableClock.class).advance(Duration.ofDays(1));

            assertThat(second.getBean(Clock.class).instant()).isEqualTo(Instant.parse(MovableTime.START));
            assertThat(first.getBean(Clock.class).instant())
                    .isEqualTo(Instant.parse(MovableTime.START).plus(Duration.ofDays(1)));
        }
    }

    private static AnnotationConfigApplicationContext context(Map<String, Object> properties) {
        var context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        context.register(MovableTime.class);
        context.refresh();
        return context;
    }
}
