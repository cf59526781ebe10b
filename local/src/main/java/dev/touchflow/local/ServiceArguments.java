package dev.touchflow.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line properties a service starts with on the runner: its broker, its own database role,
 * the mail sink, the local issuer, the approval keys, and the run's overrides last.
 */
final class ServiceArguments {

    /** The sender mailboxes of the seed clients: name, client, address (also the IMAP login). */
    static final List<String[]> LOCAL_MAILBOXES = List.of(
            new String[] {"justin-b2bea", "b2bea", "justin@b2bea.example"},
            new String[] {"justin-dreamborn", "dreamborn", "justin@dreamborn.example"});

    private final LocalSettings settings;
    private final Backbone backbone;
    private final LocalIdentity identity;
    private final String tokenSecret;
    private final String databasePassword;

    ServiceArguments(
            LocalSettings settings,
            Backbone backbone,
            LocalIdentity identity,
            String tokenSecret,
            String databasePassword) {
        this.settings = settings;
        this.backbone = backbone;
        this.identity = identity;
        this.tokenSecret = tokenSecret;
        this.databasePassword = databasePassword;
    }

    String[] of(LocalTouchflow.Service service) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.name", service.configName().substring("spring.config.name=".length()));
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        properties.put("spring.kafka.bootstrap-servers", backbone.bootstrapServers());
        properties.put("spring.kafka.client-id", service.name());
        String database = "127.0.0.1:" + backbone.postgresPort() + "/" + service.database();
        properties.put("spring.r2dbc.url", "r2dbc:postgresql://" + database);
        properties.put("spring.r2dbc.username", service.database());
        properties.put("spring.r2dbc.password", databasePassword);
        properties.put("spring.flyway.url", "jdbc:postgresql://" + database);
        properties.put("spring.flyway.user", service.database());
        properties.put("spring.flyway.password", databasePassword);
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", String.valueOf(backbone.smtpPort()));
        properties.put("server.port", String.valueOf(service.port()));
        properties.put("server.address", "127.0.0.1");
        // Every call carries a token of the local issuer, which the services discover like any OpenID provider
        properties.put("touchflow.security.issuer-uri", identity.issuer());
        properties.put("touchflow.profile", "local");
        properties.put("touchflow.enrollment.seed", "classpath:seed/spec-campaigns.json");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.dev.touchflow", "INFO");
        if ("drafting-service".equals(service.name())) {
            // Every approval is signed; dispatch sends only what this key signed for exactly that content
            properties.put("touchflow.drafting.approval-signing.key-id", LocalIdentity.APPROVAL_KEY_ID);
            properties.put("touchflow.drafting.approval-signing.private-key", identity.approvalPrivateKey());
        }
        if ("dispatch-service".equals(service.name())) {
            properties.put(
                    "touchflow.dispatch.approval-keys." + LocalIdentity.APPROVAL_KEY_ID, identity.approvalPublicKey());
            // Unsubscribe and tracking links point here, signed with a key kept in .touchflow/token-secret
            properties.put("touchflow.dispatch.public-url", "http://127.0.0.1:" + service.port());
            properties.put("touchflow.dispatch.token-secret", tokenSecret);
            // A demo sends right after the undo window, with no gap between two sends of one mailbox
            for (String mailbox : List.of("justin-b2bea", "justin-dreamborn")) {
                properties.put("touchflow.dispatch.mailboxes." + mailbox + ".min-gap", "0s");
                properties.put("touchflow.dispatch.mailboxes." + mailbox + ".jitter", "0s");
            }
        }
        if ("reply-classifier-service".equals(service.name())) {
            // Replies to the local senders land in the mail sink; read them over its IMAP server
            for (int i = 0; i < LOCAL_MAILBOXES.size(); i++) {
                String[] mailbox = LOCAL_MAILBOXES.get(i);
                String prefix = "touchflow.replies.imap.mailboxes[" + i + "].";
                properties.put(prefix + "name", mailbox[0]);
                properties.put(prefix + "client", mailbox[1]);
                properties.put(prefix + "host", "127.0.0.1");
                properties.put(prefix + "port", String.valueOf(backbone.mail().imapPort()));
                properties.put(prefix + "username", mailbox[2]);
                properties.put(prefix + "password", mailbox[2]);
            }
            properties.put("touchflow.replies.imap.poll-interval", "5s");
        }
        properties.putAll(settings.overrides());
        List<String> arguments = new ArrayList<>();
        properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments.toArray(String[]::new);
    }
}
