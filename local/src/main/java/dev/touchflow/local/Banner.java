package dev.touchflow.local;

/** What {@code ./touchflow up} prints once everything listens. */
public final class Banner {

    private Banner() {}

    public static String of(LocalTouchflow touchflow) {
        LocalSettings settings = touchflow.settings();
        LocalSettings.Ports ports = settings.services();
        StringBuilder text = new StringBuilder("""

                Touchflow is up.
                  Kafka (KRaft)        %s
                  PostgreSQL           127.0.0.1:%d  (a database and a login role per service, e.g. touchflow_drafting)
                  SMTP sink            127.0.0.1:%d
                  IMAP sink            127.0.0.1:%d  (login and password: the recipient's address)
                """.formatted(
                        touchflow.bootstrapServers(),
                        settings.postgresPort(),
                        touchflow.mail().smtpPort(),
                        touchflow.mail().imapPort()));
        text.append("  enrollment-service   http://127.0.0.1:")
                .append(ports.enrollment())
                .append("/api/v1/gate\n");
        text.append("  sequencer-service    http://127.0.0.1:")
                .append(ports.sequencer())
                .append('\n');
        text.append("  drafting-service     http://127.0.0.1:")
                .append(ports.drafting())
                .append("/api/v1/drafts\n");
        text.append("  dispatch-service     http://127.0.0.1:")
                .append(ports.dispatch())
                .append("/api/v1/sends\n");
        text.append("  reply-classifier     http://127.0.0.1:")
                .append(ports.replies())
                .append('\n');
        text.append("  console              ")
                .append(touchflow.consoleUrl())
                .append("  (sign in as operator, password in ")
                .append(LocalConsole.operatorPassword(settings.stateDirectory()))
                .append(")\n");
        text.append("  token issuer         ").append(touchflow.issuer()).append("/.well-known/openid-configuration\n");
        text.append("  state                ").append(settings.stateDirectory()).append('\n');
        text.append("  operator token       ")
                .append(touchflow.operatorToken())
                .append("  (admin of every client; Authorization: Bearer …, kept in ")
                .append(settings.stateDirectory().resolve("operator-token"))
                .append(")\n");
        text.append("  more tokens          ./touchflow token --name dana --role approver --client b2bea\n");
        text.append("Press Ctrl-C to stop; everything is kept for the next start.\n");
        return text.toString();
    }
}
