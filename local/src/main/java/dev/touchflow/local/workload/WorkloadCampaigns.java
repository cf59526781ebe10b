package dev.touchflow.local.workload;

import dev.touchflow.local.Pause;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The two campaigns of a workload's run, created through enrollment-service's API. */
final class WorkloadCampaigns {

    private static final int GRACE_MINUTES = 30;

    private WorkloadCampaigns() {}

    /**
     * Creates the run's two campaigns: two touches at once (the second waits for its approver, who waits
     * for the answer to the first), and a one-touch campaign that converted contacts move to. Both keep
     * a grace of half an hour after the final touch, longer than any run's outages: an enrollment that
     * ends withdraws what it has not sent, and the faults must not be what ends it.
     */
    static void create(OperatorApi api, int port, String mainCampaign, String nextCampaign) {
        create(
                api,
                port,
                nextCampaign,
                "Chaos: after the meeting",
                Map.of(),
                GRACE_MINUTES,
                List.of(step(
                        1,
                        "Welcome aboard, {{first_name}}",
                        "Dear {{first_name}},\n\nwelcome to the association. Your onboarding"
                                + " call is booked for next week and the member portal opens today.")));
        create(
                api,
                port,
                mainCampaign,
                "Chaos: follow-up",
                Map.of("converted", nextCampaign),
                GRACE_MINUTES,
                List.of(
                        step(
                                1,
                                "Step 1 for {{first_name}}",
                                "Hi {{first_name}},\n\nthanks for the meeting. Shall I send the"
                                        + " member rates and the deck?"),
                        step(
                                2,
                                "Following up, {{first_name}}",
                                "Hello again {{first_name}},\n\nthree of your peers joined"
                                        + " last month; happy to introduce you to one of them before you decide.")));
    }

    private static void create(
            OperatorApi api,
            int port,
            String slug,
            String name,
            Map<String, String> onExit,
            int graceMinutes,
            List<Map<String, Object>> steps) {
        Map<String, Object> campaign = Map.of(
                "slug",
                slug,
                "name",
                name,
                "client_id",
                Workload.CLIENT,
                "type",
                "membership",
                "owner_role",
                "roles.sales",
                "on_exit",
                onExit,
                "grace_period_minutes",
                graceMinutes,
                "steps",
                steps);
        int status = -1;
        for (int attempt = 0; attempt < 60 && status != 201; attempt++) {
            status = api.post(port, "/api/v1/campaigns", campaign);
            if (status != 201 && status != -1 && status < 500) {
                throw new IllegalStateException("creating campaign " + slug + " was answered " + status);
            }
            Pause.of(Duration.ofSeconds(1));
        }
        if (status != 201) {
            throw new IllegalStateException("enrollment-service did not create campaign " + slug);
        }
    }

    /** Copy unlike any other step's, so drafting's near-duplicate check passes every draft. */
    private static Map<String, Object> step(int number, String subject, String body) {
        return Map.of(
                "step_number",
                number,
                "delay_minutes",
                0,
                "channel",
                "email",
                "content_type",
                "follow_up",
                "subject_template",
                subject,
                "body_template",
                body);
    }
}
