package dev.touchflow.sequencer.calendar;

import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.ForbiddenException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** Holiday calendars: {@code PUT} replaces one whole; running timers see it from their next decision. */
@RestController
@RequestMapping("/api/v1/calendars")
class CalendarController {

    record HolidayRequest(@NotNull LocalDate day, @NotBlank String name) {}

    record CalendarRequest(@NotNull List<@Valid HolidayRequest> holidays) {}

    private final Holidays calendars;
    private final TransactionalOperator transactions;

    private final AuditTrail audit;

    CalendarController(Holidays calendars, TransactionalOperator transactions, AuditTrail audit) {
        this.audit = audit;
        this.calendars = calendars;
        this.transactions = transactions;
    }

    @GetMapping("/{name}")
    Flux<Holidays.Holiday> get(@PathVariable String name) {
        return calendars.entries(name);
    }

    @PutMapping("/{name}")
    Flux<Holidays.Holiday> replace(
            @PathVariable String name, @Valid @RequestBody CalendarRequest request, Caller caller) {
        if (!caller.allClients()) {
            return Flux.error(new ForbiddenException("holiday calendar " + name
                    + " is shared by every client's campaigns: " + "replacing it needs a token for every client"));
        }
        List<Holidays.Holiday> holidays = request.holidays().stream()
                .map(holiday -> new Holidays.Holiday(holiday.day(), holiday.name()))
                .toList();
        return transactions
                .transactional(calendars
                        .replace(name, holidays)
                        .then(audit.record(
                                caller,
                                "calendar.replaced",
                                null,
                                "calendar",
                                name,
                                Map.of("holidays", holidays.size()))))
                .thenMany(calendars.entries(name));
    }
}
