package dev.touchflow.bench.launch;

import dev.touchflow.bench.cpu.CpuSample;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.workload.OperatorApi;
import dev.touchflow.schemas.topics.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A campaign launch on the local runner (one JVM, its own broker, database and mail sink): N contacts
 * enrolled through the API in calls of a thousand, each stage's completion read from the topics (and the
 * send queue), then every draft approved in pages as a person or agent would, until the mail sink has
 * accepted every email.
 */
final class LaunchRun {

    private static final Logger log = LoggerFactory.getLogger(LaunchRun.class);
    static final String CLIENT = "b2bea";
    static final String CAMPAIGN = "b2bea_membership";
    /** The one-step campaign an LLM drafts, created by the run. */
    static final String LLM_CAMPAIGN = "launch_llm";

    private static final Duration LLM_LATENCY = Duration.ofMillis(300);

    /**
     * @param stall how long a stage may make no progress before the run gives up on it
     * @param llm whether the contacts' touch is drafted by an LLM (a local stub answering in 300 ms) rather
     *     than from the template
     * @param replay whether a full replay follows the launch ({@link ReplayRun})
     */
    record Options(int contacts, int mailboxes, Duration stall, Path state, boolean llm, boolean replay) {}

    private LaunchRun() {}

    static Map<String, Object> run(Options options) throws Exception {
        String prefix = "launch-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        Map<String, String> overrides = new LinkedHashMap<>(limitsLifted(options.mailboxes()));
        LlmStub llm = options.llm() ? new LlmStub(LLM_LATENCY) : null;
        if (llm != null) {
            overrides.put("touchflow.drafting.llm.url", llm.url());
            overrides.put("touchflow.drafting.llm.api-key", "bench");
            overrides.put("touchflow.drafting.llm.daily-spend-cap", "1000000");
        }
        LocalSettings settings = LocalSettings.onFreePorts(options.state(), overrides);
        // the stub's threads are not daemons: closed whatever happens, or a failed run would not end
        try (LlmStub stub = llm;
                LocalTouchflow touchflow = LocalTouchflow.start(settings, LocalTouchflow.Mode.ONE_JVM);
                StageWatch watch = new StageWatch(
                        touchflow.bootstrapServers(),
                        CLIENT,
                        prefix,
                        List.of(Topics.ENROLLMENT, Topics.STEP_DUE, Topics.DRAFT_STAGED, Topics.APPROVED, Topics.SENT),
                        Map.of(Topics.APPROVED, "DraftApproved", Topics.SENT, "TouchSent"))) {
            DataSource dispatch = touchflow.postgres().adminDataSource("touchflow_dispatch");
            OperatorApi api = new OperatorApi(touchflow.operatorToken(), Duration.ofMinutes(2));
            LaunchPeople people =
                    new LaunchPeople(api, settings.services(), prefix, llm == null ? CAMPAIGN : LLM_CAMPAIGN);
            if (llm != null) {
                people.createLlmCampaign();
            }
            Stages stages = new Stages(options.contacts(), options.stall());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("contacts", options.contacts());
            report.put("drafting", llm == null ? "template" : "llm, answering in " + LLM_LATENCY.toMillis() + " ms");
            report.put("mailboxes", options.mailboxes());

            DataSource admin = touchflow.postgres().adminDataSource();
            DatabaseWork launchWork = DatabaseWork.snapshot(admin);
            CpuSample launchStart = CpuSample.now(options.state());
            long enrollStart = System.currentTimeMillis();
            people.enroll(options.contacts());
            report.put("enroll_calls_seconds", seconds(enrollStart, System.currentTimeMillis()));
            stages.await("enrolled", () -> watch.seen(Topics.ENROLLMENT));
            stages.await("step_due", () -> watch.seen(Topics.STEP_DUE));
            stages.await("staged", () -> watch.seen(Topics.DRAFT_STAGED));
            CpuSample launchEnd = CpuSample.now(options.state());
            DatabaseWork approveWork = DatabaseWork.snapshot(admin);

            long approveStart = System.currentTimeMillis();
            CpuSample approveCpu = CpuSample.now(options.state());
            Thread approver = new Thread(() -> people.approveAll(options.contacts()), "bench-approver");
            approver.start();
            stages.restartFrom(approveStart);
            stages.await("approved", () -> watch.seen(Topics.APPROVED));
            stages.await("queued", () -> queued(dispatch, prefix));
            stages.await("accepted", () -> watch.seen(Topics.SENT));
            people.stop();
            approver.join();
            CpuSample approveEnd = CpuSample.now(options.state());
            DatabaseWork endWork = DatabaseWork.snapshot(admin);

            report.put("staged_rate_per_s", stages.rate(enrollStart, "staged"));
            report.put("staged_seconds", stages.secondsTo(enrollStart, "staged"));
            report.put("accepted_rate_per_s", stages.rate(approveStart, "accepted"));
            report.put("accepted_seconds", stages.secondsTo(approveStart, "accepted"));
            report.put("stages", stages.report());
            report.put("slowest_stage", stages.slowest());
            report.put("cpu_launch", cpu(launchStart, launchEnd));
            report.put("cpu_approve_to_accepted", cpu(approveCpu, approveEnd));
            report.put("database_per_contact_launch", approveWork.perContact(launchWork, options.contacts()));
            report.put("database_per_contact_approve_to_accepted", endWork.perContact(approveWork, options.contacts()));
            report.put("rss_mb", CpuSample.rssMegabytes());
            if (llm != null) {
                report.put("llm_requests", llm.requests());
            }
            if (options.replay()) {
                report.put("replay", ReplayRun.run(touchflow, options.stall().multipliedBy(10)));
            }
            return report;
        }
    }

    /**
     * What the launch lifts so that the pipeline, not a wait somebody chose, is measured: no undo
     * window; the client's pool made of {@code mailboxes} sender mailboxes (as a launch to thousands is
     * sent from many, each admitting its sends one at a time under its usage row's lock), each without a
     * daily limit, a rate or a gap. Every check still runs: suppression, caps, the approval's signature,
     * inbox and outbox in one transaction.
     */
    static Map<String, String> limitsLifted(int mailboxes) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("touchflow.dispatch.undo-window", "0s");
        for (int i = 0; i < mailboxes; i++) {
            String name = i == 0 ? "justin-b2bea" : "launch-" + i;
            String mailbox = "touchflow.dispatch.mailboxes." + name;
            if (i > 0) {
                settings.put(mailbox + ".address", "launch-" + i + "@b2bea.example");
                settings.put(mailbox + ".name", "Launch " + i);
            }
            settings.put(mailbox + ".daily-limit", "10000000");
            settings.put(mailbox + ".rate-per-second", "100000");
            settings.put("touchflow.dispatch.clients.b2bea.pool[" + i + "]", name);
        }
        return settings;
    }

    private static StageWatch.Seen queued(DataSource dispatch, String prefix) {
        try (Connection connection = dispatch.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*), min(created_at), max(created_at) FROM sales_send_queue WHERE client_id = ? AND contact_id LIKE ?")) {
            query.setString(1, CLIENT);
            query.setString(2, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new StageWatch.Seen(
                        rows.getInt(1),
                        rows.getTimestamp(2) == null ? 0 : rows.getTimestamp(2).getTime(),
                        rows.getTimestamp(3) == null ? 0 : rows.getTimestamp(3).getTime());
            }
        } catch (SQLException e) {
            log.warn("launch: counting the send queue failed: {}", e.toString());
            return new StageWatch.Seen(0, 0, 0);
        }
    }

    private static Map<String, Object> cpu(CpuSample from, CpuSample to) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("seconds", round(from.seconds(to)));
        cpu.put("jvm_cores", round(from.jvmCores(to)));
        cpu.put("postgres_cores", round(from.childCores(to, "postgres")));
        cpu.put("broker_cores", round(from.childCores(to, "broker")));
        Map<String, Object> groups = new LinkedHashMap<>();
        from.groupCores(to, 12).forEach((group, cores) -> groups.put(group, round(cores)));
        cpu.put("by_thread_group", groups);
        return cpu;
    }

    static double seconds(long fromMillis, long toMillis) {
        return round((toMillis - fromMillis) / 1000.0);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
