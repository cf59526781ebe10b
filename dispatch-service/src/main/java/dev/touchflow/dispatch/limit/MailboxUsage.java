package dev.touchflow.dispatch.limit;

import dev.touchflow.dispatch.config.DispatchProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code touchflow.mailbox.sent.today{mailbox}} against {@code touchflow.mailbox.daily.limit{mailbox}}: what each
 * sender mailbox has sent on its own local day, read every {@code touchflow.dispatch.mailbox-usage-every} (30 s;
 * never at scrape time), and its limit.
 */
@Component
class MailboxUsage implements MeterBinder, DisposableBean {

    private final Mailboxes mailboxes;
    private final DispatchProperties properties;
    private final Clock clock;
    private final Duration every;
    private final Map<String, Integer> sentToday = new ConcurrentHashMap<>();
    private Disposable reading;

    MailboxUsage(
            Mailboxes mailboxes,
            DispatchProperties properties,
            Clock clock,
            @Value("${touchflow.dispatch.mailbox-usage-every:30s}") Duration every) {
        this.mailboxes = mailboxes;
        this.properties = properties;
        this.clock = clock;
        this.every = every;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        properties.mailboxes().forEach((name, mailbox) -> {
            Gauge.builder("touchflow.mailbox.sent.today", sentToday, sent -> sent.getOrDefault(name, 0))
                    .description("Sends the mailbox made on its local day so far")
                    .tag("mailbox", name)
                    .register(registry);
            Gauge.builder("touchflow.mailbox.daily.limit", mailbox, DispatchProperties.Mailbox::dailyLimit)
                    .description("Sends the mailbox may make in one local day")
                    .tag("mailbox", name)
                    .register(registry);
        });
        reading = Flux.interval(Duration.ZERO, every)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(properties.mailboxes().entrySet())
                        .concatMap(entry -> mailboxes
                                .sentOn(
                                        entry.getKey(),
                                        LocalDate.ofInstant(
                                                clock.instant(),
                                                entry.getValue().timezone()))
                                .doOnNext(sent -> sentToday.put(entry.getKey(), sent)))
                        .onErrorResume(e -> Flux.empty()))
                .subscribe();
    }

    @Override
    public void destroy() {
        if (reading != null) {
            reading.dispose();
        }
    }
}
