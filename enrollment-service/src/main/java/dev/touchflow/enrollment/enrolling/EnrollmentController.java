package dev.touchflow.enrollment.enrolling;

import dev.touchflow.enrollment.campaign.CampaignRepository;
import dev.touchflow.enrollment.campaign.CampaignVersion;
import dev.touchflow.enrollment.campaign.ContactDetails;
import dev.touchflow.enrollment.command.EnrollCommands;
import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.SingleLine;
import dev.touchflow.platform.web.TimeZone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Locale;
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

    record ContactRequest(
            @NotBlank @SingleLine @Size(max = 200) String id,
            @NotBlank @Email @SingleLine @Size(max = 254) String email,
            @SingleLine @Size(max = 200) String firstName,
            @SingleLine @Size(max = 200) String lastName,
            @SingleLine @Size(max = 200) String company,
            @SingleLine @Size(max = 200) String title,

            @Pattern(regexp = "https?://\\S{1,2000}", message = "must be an http(s) URL")
            String linkedinUrl,

            @TimeZone String timezone,
            @SingleLine @Size(max = 200) String companyId) {

        ContactDetails toData() {
            return new ContactDetails(
                    id,
                    email.toLowerCase(Locale.ROOT),
                    firstName,
                    lastName,
                    company,
                    title,
                    linkedinUrl,
                    timezone,
                    companyId);
        }
    }

    record EnrollRequest(
            @NotEmpty @Size(max = 1000) List<@Valid ContactRequest> contacts,

            @Pattern(
                    regexp = "awareness|pipeline|credibility|marketing_relief",
                    message = "must be one of awareness, pipeline, credibility, marketing_relief")
            String goal,

            String notes) {}

    record ActionRequest(
            @NotBlank
            @Pattern(regexp = "pause|resume|exit|unsubscribe", message = "must be pause, resume, exit or unsubscribe")
            String action,

            String reason) {}

    private final EnrollmentRepository enrollments;
    private final EnrollmentRefusals refusals;
    private final ManagingEnrollments managing;
    private final CampaignRepository campaigns;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;

    private final AuditTrail audit;

    EnrollmentController(
            EnrollmentRepository enrollments,
            EnrollmentRefusals refusals,
            ManagingEnrollments managing,
            CampaignRepository campaigns,
            OutboxWriter outbox,
            EventMetadata metadata,
            TransactionalOperator transactions,
            AuditTrail audit) {
        this.audit = audit;
        this.enrollments = enrollments;
        this.refusals = refusals;
        this.managing = managing;
        this.campaigns = campaigns;
        this.outbox = outbox;
        this.metadata = metadata;
        this.transactions = transactions;
    }

    /** Accepts the contacts; each is enrolled (or refused, visibly) when its command is processed. */
    @PostMapping("/api/v1/campaigns/{slug}/enroll")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Map<String, Object>> enroll(
            @PathVariable String slug, @Valid @RequestBody EnrollRequest request, Caller caller) {
        return campaign(slug, caller)
                .flatMap(campaign -> campaign.active()
                        ? Mono.just(campaign)
                        : Mono.error(new ConflictException("campaign " + slug + " is " + campaign.status())))
                .flatMap(campaign -> transactions.transactional(outbox.appendAll(request.contacts().stream()
                                .map(contact -> EnrollCommands.enroll(
                                        metadata.header(
                                                campaign.clientId(),
                                                contact.id(),
                                                UUID.randomUUID().toString(),
                                                null),
                                        slug,
                                        contact.toData(),
                                        request.goal(),
                                        request.notes(),
                                        "api:" + caller.name()))
                                .toList())
                        .then(audit.record(
                                caller,
                                "campaign.enrolled",
                                campaign.clientId(),
                                "campaign",
                                slug,
                                Map.of(
                                        "contacts",
                                        request.contacts().stream()
                                                .map(ContactRequest::id)
                                                .toList())))
                        .then(Mono.just(Map.<String, Object>of(
                                "accepted", request.contacts().size(), "campaign", slug)))));
    }

    @GetMapping("/api/v1/campaigns/{slug}/enrollments")
    Flux<Enrollment> ofCampaign(
            @PathVariable String slug,
            @RequestParam(required = false) @Pattern(regexp = "active|paused|exited") String status,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        return campaign(slug, caller).thenMany(Flux.defer(() -> enrollments.ofCampaign(slug, status, limit, offset)));
    }

    @GetMapping("/api/v1/enrollments/{id}")
    Mono<Enrollment> get(@PathVariable UUID id, Caller caller) {
        return caller.visible(enrollments.find(id), Enrollment::clientId, "no enrollment " + id);
    }

    @PutMapping("/api/v1/enrollments/{id}")
    Mono<Enrollment> act(@PathVariable UUID id, @Valid @RequestBody ActionRequest request, Caller caller) {
        return get(id, caller)
                .then(Mono.defer(() -> transactions.transactional(managing.apply(id, request.action(), request.reason())
                        .flatMap(enrollment -> audit.record(
                                        caller,
                                        "enrollment." + request.action(),
                                        enrollment.clientId(),
                                        "enrollment",
                                        id,
                                        request.reason() == null ? Map.of() : Map.of("reason", request.reason()))
                                .thenReturn(enrollment)))));
    }

    @GetMapping("/api/v1/refusals")
    Flux<Map<String, Object>> refusals(
            @RequestParam("client_id") @NotBlank String clientId,
            @RequestParam("contact_id") @NotBlank String contactId,
            Caller caller) {
        return caller.sees(clientId) ? refusals.refusals(clientId, contactId) : Flux.empty();
    }

    private Mono<CampaignVersion> campaign(String slug, Caller caller) {
        return caller.visible(
                campaigns.currentVersion(slug), CampaignVersion::clientId, "no campaign with slug " + slug);
    }
}
