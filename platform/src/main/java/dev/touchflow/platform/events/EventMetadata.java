package dev.touchflow.platform.events;

import dev.touchflow.schemas.common.EventHeader;
import java.time.Clock;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Makes the header of a new event: a fresh id, the time from the clock, this service as producer. */
@Component
public class EventMetadata {

    private final Clock clock;
    private final String producer;

    public EventMetadata(Clock clock, @Value("${spring.application.name}") String producer) {
        this.clock = clock;
        this.producer = producer;
    }

    /** The header of an event caused by {@code cause}, in the same correlation. */
    public EventHeader causedBy(EventHeader cause) {
        return header(cause.getClientId(), cause.getContactId(), cause.getCorrelationId(), cause.getEventId());
    }

    public EventHeader header(String clientId, String contactId, String correlationId, String causationId) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setClientId(clientId)
                .setContactId(contactId)
                .setCorrelationId(correlationId)
                .setCausationId(causationId)
                .setProducer(producer)
                .build();
    }

    public String producer() {
        return producer;
    }
}
