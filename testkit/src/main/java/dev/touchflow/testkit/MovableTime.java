package dev.touchflow.testkit;

import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service under test on a clock the test moves: name this class in
 * {@code @SpringBootTest(classes = {TheApplication.class, MovableTime.class})}, then
 * {@code @Autowired MovableClock clock}. It starts at {@value #START_PROPERTY}, else at {@value #START}.
 * Every context gets a clock of its own, so tests in one JVM never move each other's time.
 */
@Configuration(proxyBeanMethods = false)
public class MovableTime {

    public static final String START_PROPERTY = "touchflow.test.clock-start";
    public static final String START = "2026-06-01T14:00:00Z";

    /** Replaces the service's system clock: the platform declares its clock only when none is. */
    @Bean
    MovableClock clock(@Value("${" + START_PROPERTY + ":" + START + "}") String start) {
        return new MovableClock(Instant.parse(start));
    }
}
