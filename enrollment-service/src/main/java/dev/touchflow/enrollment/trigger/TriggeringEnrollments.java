package dev.touchflow.enrollment.trigger;

import dev.touchflow.enrollment.campaign.CampaignRepository;
import dev.touchflow.enrollment.campaign.CampaignVersion;
import dev.touchflow.enrollment.campaign.ClientRepository;
import dev.touchflow.enrollment.campaign.ContactDetails;
import dev.touchflow.enrollment.campaign.IngressJson;
import dev.touchflow.enrollment.command.EnrollCommands;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.fault.InvalidEventException;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.platform.outbox.OutboxWriter;
import io.r2dbc.postgresql.codec.Json;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pipeline triggers: a contact reaching a stage is enrolled in every active campaign of the client
 * whose trigger stage it is. The contact's stage is remembered, so a sweep can enroll contacts who
 * reached a stage before its campaign existed.
 */
@Service
public class TriggeringEnrollments {

    private final IngressJson ingress;
    private final JsonMapper json;
    private final ClientRepository clients;
    private final CampaignRepository campaigns;
    private final DatabaseClient db;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final InboxConsumer inbox;
    private final TransactionalOperator transactions;
    private final Clock clock;

    TriggeringEnrollments(
            JsonMapper json,
            ClientRepository clients,
            CampaignRepository campaigns,
            DatabaseClient db,
            OutboxWriter outbox,
            EventMetadata metadata,
            InboxConsumer inbox,
            TransactionalOperator transactions,
            Clock clock) {
        this.ingress = new IngressJson(json, "pipeline_stage_changed");
        this.json = json;
        this.clients = clients;
        this.campaigns = campaigns;
        this.db = db;
        this.outbox = outbox;
        this.metadata = metadata;
        this.inbox = inbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Receives a poll's raw {@code pipeline_stage_changed} records; an invalid one throws and is dead-lettered. */
    public void receive(String listener, List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(
                listener,
                records,
                value -> StageChanged.read(ingress, value),
                StageChanged::eventId,
                change -> clients.exists(change.clientId())
                        .flatMap(known -> known
                                ? remember(change).then(enrollAtStage(change))
                                : Mono.error(new InvalidEventException(
                                        "pipeline_stage_changed names unknown client_id " + change.clientId()))));
    }

    /** Enrolls every contact now at a campaign's trigger stage who was never enrolled in it; returns how many. */
    public Mono<Long> sweep(Predicate<CampaignVersion> within) {
        return transactions.transactional(campaigns
                .triggered()
                .filter(within)
                .collectList()
                .flatMapIterable(triggered -> triggered)
                .concatMap(campaign -> db.sql("""
                                SELECT s.contact_id, s.contact FROM contact_stages s
                                WHERE s.client_id = :clientId AND s.stage = :stage
                                  AND NOT EXISTS (SELECT 1 FROM campaign_contacts e WHERE e.campaign_id = :campaignId
                                                  AND e.client_id = s.client_id AND e.contact_id = s.contact_id)""")
                        .bind("clientId", campaign.clientId())
                        .bind("stage", campaign.triggerStage())
                        .bind("campaignId", campaign.campaignId())
                        .map(row ->
                                json.readValue(row.get("contact", Json.class).asString(), ContactDetails.class))
                        .all()
                        .collectList()
                        .flatMapIterable(contacts -> contacts)
                        .concatMap(contact -> enroll(campaign, contact, "sweep:" + campaign.slug())
                                .thenReturn(1)))
                .count());
    }

    private Mono<Void> remember(StageChanged change) {
        return db.sql("""
                        INSERT INTO contact_stages (client_id, contact_id, contact, stage, changed_at)
                        VALUES (:clientId, :contactId, :contact, :stage, :at)
                        ON CONFLICT (client_id, contact_id) DO UPDATE
                        SET contact = excluded.contact, stage = excluded.stage, changed_at = excluded.changed_at""")
                .bind("clientId", change.clientId())
                .bind("contactId", change.contact().id())
                .bind("contact", Json.of(json.writeValueAsString(change.contact())))
                .bind("stage", change.newStage())
                .bind("at", clock.instant())
                .then();
    }

    private Mono<Void> enrollAtStage(StageChanged change) {
        return campaigns
                .triggered()
                .collectList()
                .flatMapIterable(triggered -> triggered)
                .filter(campaign -> campaign.clientId().equals(change.clientId()))
                .filter(campaign -> Objects.equals(campaign.triggerStage(), change.newStage()))
                .concatMap(campaign -> enroll(campaign, change.contact(), change.eventId()))
                .then();
    }

    private Mono<Void> enroll(CampaignVersion campaign, ContactDetails contact, String correlationId) {
        return outbox.append(EnrollCommands.enroll(
                metadata.header(campaign.clientId(), contact.id(), correlationId, null),
                campaign.slug(),
                contact,
                null,
                null,
                "trigger"));
    }
}
