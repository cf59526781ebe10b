package dev.touchflow.enrollment.gate;

import dev.touchflow.enrollment.campaign.ClientRepository;
import dev.touchflow.platform.fault.InvalidEventException;
import dev.touchflow.platform.inbox.InboxConsumer;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Turns a booked meeting into a gate request a person will route. */
@Service
public class ReceivingHandoffs {

    private final MeetingBookedReader reader;
    private final ClientRepository clients;
    private final GateRepository gate;
    private final InboxConsumer inbox;
    private final Clock clock;

    ReceivingHandoffs(
            JsonMapper json, ClientRepository clients, GateRepository gate, InboxConsumer inbox, Clock clock) {
        this.reader = new MeetingBookedReader(json);
        this.clients = clients;
        this.gate = gate;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Receives a poll's raw {@code meeting_booked} records; an invalid one throws and is dead-lettered. */
    public void receive(String listener, List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(
                listener,
                records,
                reader::read,
                MeetingBooked::eventId,
                meeting -> clients.exists(meeting.clientId())
                        .flatMap(known -> known
                                ? gate.add(meeting, clock.instant())
                                : Mono.error(new InvalidEventException(
                                        "meeting_booked names unknown client_id " + meeting.clientId()))));
    }
}
