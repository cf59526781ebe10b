package dev.touchflow.bench.launch;

import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.Pause;
import dev.touchflow.local.workload.OperatorApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The people of a launch: whoever enrolls the list through the API, and whoever approves every draft in pages. */
final class LaunchPeople {

    private static final Logger log = LoggerFactory.getLogger(LaunchPeople.class);
    /** The enroll call's limit. */
    private static final int ENROLL_PAGE = 1000;
    /** The list call's and the bulk approval's limits. */
    private static final int LIST_PAGE = 500;

    private static final int APPROVE_PAGE = 200;

    private final OperatorApi api;
    private final LocalSettings.Ports ports;
    private final String prefix;
    private final String campaign;
    private final AtomicBoolean stop = new AtomicBoolean();

    LaunchPeople(OperatorApi api, LocalSettings.Ports ports, String prefix, String campaign) {
        this.api = api;
        this.ports = ports;
        this.prefix = prefix;
        this.campaign = campaign;
    }

    /** Creates b2bea's one-step campaign whose touch an LLM drafts (the step's template stands in if it fails). */
    void createLlmCampaign() {
        Map<String, Object> step = Map.of(
                "step_number", 1,
                "delay_minutes", 0,
                "channel", "email",
                "content_type", "hook",
                "subject_template", "A question about {{company}}",
                "body_template", "Hi {{first_name}},\n\nwould a 20-minute call about {{company}} be worth it?");
        Map<String, Object> definition = Map.of(
                "slug",
                LaunchRun.LLM_CAMPAIGN,
                "name",
                "Launch benchmark, LLM drafting",
                "client_id",
                LaunchRun.CLIENT,
                "type",
                "membership",
                "owner_role",
                "roles.bdr",
                "drafting",
                Map.of("mode", "llm"),
                // an enrollment that ends withdraws its open drafts: three days' grace, as b2bea_membership has
                "grace_period_minutes",
                4320,
                "steps",
                List.of(step));
        int status = api.post(ports.enrollment(), "/api/v1/campaigns", definition);
        if (status != 201) {
            throw new IllegalStateException("creating the LLM campaign was answered " + status);
        }
    }

    /** Enrolls contacts {@code prefix0 … prefix(n-1)} in calls of a thousand, one after the other. */
    void enroll(int contacts) {
        for (int from = 0; from < contacts; from += ENROLL_PAGE) {
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = from; i < Math.min(contacts, from + ENROLL_PAGE); i++) {
                Map<String, Object> contact = new LinkedHashMap<>();
                contact.put("id", prefix + i);
                contact.put("email", prefix + i + "@acme.example");
                contact.put("first_name", "Dana");
                contact.put("last_name", "Ruiz");
                contact.put("company", "Acme " + i);
                page.add(contact);
            }
            long started = System.nanoTime();
            int status = api.post(
                    ports.enrollment(),
                    "/api/v1/campaigns/" + campaign + "/enroll",
                    Map.of("contacts", page, "goal", "pipeline"));
            if (status != 202) {
                throw new IllegalStateException("the enroll call answered " + status);
            }
            log.info("launch: enrolled {} contacts in {} ms", page.size(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Approves the campaign's pending drafts until {@code contacts} are approved: a page of pending drafts
     * is listed, its ids approved in bulk calls of two hundred, two at a time, and the next page listed.
     */
    void approveAll(int contacts) {
        ExecutorService approvers = Executors.newFixedThreadPool(2);
        try {
            int approved = 0;
            while (approved < contacts && !stop.get()) {
                List<String> ids = new ArrayList<>();
                api.list(
                                ports.drafting(),
                                "/api/v1/drafts?status=pending&client=" + LaunchRun.CLIENT + "&campaign=" + campaign
                                        + "&limit=" + LIST_PAGE)
                        .forEach(draft -> ids.add(draft.get("id").asText()));
                if (ids.isEmpty()) {
                    Pause.of(Duration.ofMillis(200));
                    continue;
                }
                List<CompletableFuture<Integer>> calls = new ArrayList<>();
                for (int from = 0; from < ids.size(); from += APPROVE_PAGE) {
                    List<String> page = ids.subList(from, Math.min(ids.size(), from + APPROVE_PAGE));
                    calls.add(CompletableFuture.supplyAsync(() -> approve(page), approvers));
                }
                for (CompletableFuture<Integer> call : calls) {
                    approved += call.join();
                }
            }
            log.info("launch: {} drafts approved", approved);
        } finally {
            approvers.shutdown();
        }
    }

    private int approve(List<String> ids) {
        int approved = 0;
        for (JsonNode result : api.postForJson(ports.drafting(), "/api/v1/drafts/approve", Map.of("ids", ids))
                .map(answer -> answer.get("results"))
                .orElseThrow(() -> new IllegalStateException("a bulk approval was refused"))) {
            if ("approved".equals(result.get("outcome").asText())) {
                approved++;
            }
        }
        return approved;
    }

    void stop() {
        stop.set(true);
    }
}
