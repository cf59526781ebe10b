package dev.touchflow.local;

import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.MailSink;
import dev.touchflow.embedded.PostgresServer;

/**
 * What the services connect to, and who stops it: the runner's own broker, database and mail sink, or
 * the fault suite's cluster and proxies.
 *
 * @param postgresPort the port the services reach PostgreSQL on (a proxy's, for network cuts)
 * @param smtpPort the port dispatch sends to (a fault relay's, for a misbehaving provider)
 */
public record Backbone(
        String bootstrapServers,
        PostgresServer postgres,
        int postgresPort,
        MailSink mail,
        int smtpPort,
        AutoCloseable resources) {

    /** A single broker, the database and the mail sink on their own ports, under the runner's state. */
    static Backbone embedded(LocalSettings settings) {
        KraftBroker broker = KraftBroker.start(
                settings.stateDirectory().resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort());
        PostgresServer postgres =
                PostgresServer.start(settings.stateDirectory().resolve("postgres"), settings.postgresPort());
        MailSink mail =
                MailSink.start(settings.stateDirectory().resolve("mail"), settings.smtpPort(), settings.imapPort());
        return new Backbone(broker.bootstrapServers(), postgres, postgres.port(), mail, mail.smtpPort(), () -> {
            mail.close();
            postgres.close();
            broker.close();
        });
    }
}
