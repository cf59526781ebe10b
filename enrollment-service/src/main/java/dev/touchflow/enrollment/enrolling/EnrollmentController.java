package dev.touchflow.enrollment.enrolling;

import dev.touchflow.enrollment.campaign.CampaignRepository;
import dev.touchflow.enrollment.campaign.ContactData;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Enrollments: enroll many into a campaign, list them, pause, resume, exit or unsubscribe one. */
@RestController
class EnrollmentController {

    record ContactRequest(@NotBlank String id, @NotBlank @Email String email, String firstName, String lastName,
                          String company, String title, String linkedinUrl, String timezone, String companyId) {

        ContactData toData() {
            return new ContactData(id, email.toLowerCase(java.util.Locale.ROOT), firstName, lastName, company, title,
                    linkedinUrl, timezone, companyId);
        }
    }

    record EnrollRequest(@NotEmpty @Size(max = 1000) List<@Valid ContactRequest> contacts,
                         @Pattern(regexp = "awareness|pipeline|credibility|marketing_relief",
                                 message = "must be one of awareness, pipeline, credibility, marketing_relief") String goal,
                         String notes) {
    }

    record ActionRequest(@NotBlank @Pattern(regexp = "pause|resume|exit|unsubscribe",
            message = "must be pause, resume, exit or unsubscribe") String action, String reason) {
    }

    private final EnrollmentRepository enrollments;
    private final ManagingEnrollments managing;
    private final CampaignRepository campaigns;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;

    EnrollmentController(EnrollmentRepository enrollments, ManagingEnrollments managing, CampaignRepository campaigns,
                         OutboxWriter outbox, EventMetadata metadata, TransactionalOperator transactions) {
        this.enrollments = enrollments;
        this.managing = managing;
        this.campaigns = campaigns;
        this.outbox = outbox;
        this.metadata = metadata;
        this.transactions = transactions;
    }

    /** Accepts the contacts; each is enrolled (or refused, visibly) when its command is processed. */
    @PostMapping("/api/v1/campaigns/{slug}/enroll")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Map<String, Object>> enroll(@PathVariable String slug, @Valid @RequestBody EnrollRequest request) {
        return campaigns.currentVersion(slug)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no campaign with slug " + slug)))
                .flatMap(campaign -> campaign.active() ? Mono.just(campaign)
                        : Mono.error(new ConflictException("campaign " + slug + " is " + campaign.status())))
                .flatMap(campaign -> transactions.transactional(Flux.fromIterable(request.contacts())
                        .concatMap(contact -> outbox.append(EnrollCommands.enroll(
                                metadata.header(campaign.clientId(), contact.id(), UUID.randomUUID().toString(), null),
                                slug, contact.toData(), request.goal(), request.notes(), "api")))
                        .then(Mono.just(Map.<String, Object>of("accepted", request.contacts().size(), "campaign", slug)))));
    }

    @GetMapping("/api/v1/campaigns/{slug}/enrollments")
    Flux<Enrollment> ofCampaign(@PathVariable String slug,
                                @RequestParam(required = false) @Pattern(regexp = "active|paused|exited") String status,
                                @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return enrollments.ofCampaign(slug, status, limit, offset);
    }

    @GetMapping("/api/v1/enrollments/{id}")
    Mono<Enrollment> get(@PathVariable UUID id) {
        return enrollments.find(id).switchIfEmpty(Mono.error(() -> new NotFoundException("no enrollment " + id)));
    }

    @PutMapping("/api/v1/enrollments/{id}")
    Mono<Enrollment> act(@PathVariable UUID id, @Valid @RequestBody ActionRequest request) {
        return managing.apply(id, request.action(), request.reason());
    }

    @GetMapping("/api/v1/refusals")
    Flux<Map<String, Object>> refusals(@RequestParam("client_id") @NotBlank String clientId,
                                       @RequestParam("contact_id") @NotBlank String contactId) {
        return enrollments.refusals(clientId, contactId);
    }
}
