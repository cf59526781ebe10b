package dev.touchflow.local;

import dev.touchflow.local.issuer.AgentClients;
import dev.touchflow.local.issuer.LocalIssuer;
import dev.touchflow.local.issuer.People;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./touchflow token}: mints a person's token with the local issuer's key;
 * {@code ./touchflow agent add}: registers an agent as an OAuth client of the local issuer;
 * {@code ./touchflow person add}: lets a person sign in at the local issuer, with a password shown once.
 */
public final class IdentityCommands {

    static final Set<String> ROLES = Set.of("admin", "editor", "operator", "approver", "agent", "viewer");

    private IdentityCommands() {}

    /** {@code token --name dana --role approver [--role …] --client b2bea [--client …] [--ttl 30d]}; returns the exit status. */
    public static int token(List<String> args, LocalSettings settings, PrintStream out, PrintStream err) {
        String name = null;
        Duration ttl = Duration.ofHours(8);
        List<String> roles = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String value = i + 1 < args.size() ? args.get(i + 1) : null;
                switch (args.get(i)) {
                    case "--name" -> name = required(value, "--name");
                    case "--role" -> roles.add(role(required(value, "--role")));
                    case "--client" -> clients.add(required(value, "--client"));
                    case "--ttl" -> ttl = duration(required(value, "--ttl"));
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
                i++;
            }
            if (name == null || name.isBlank() || roles.isEmpty() || clients.isEmpty()) {
                throw new IllegalArgumentException("name the person, at least one role and at least one client");
            }
        } catch (IllegalArgumentException e) {
            err.println("token: " + e.getMessage());
            err.println(
                    "usage: ./touchflow token --name NAME --role ROLE [--role ROLE…] --client CLIENT|'*' [--client …]"
                            + " [--ttl 30d|12h|90m]   (roles: admin, editor, operator, approver, agent, viewer)");
            return 2;
        }
        LocalIdentity identity = LocalIdentity.open(
                settings.stateDirectory(), settings.services().issuer(), settings.clock());
        out.println(identity.keys().mint(identity.issuer(), name, roles, clients, ttl, Clock.systemUTC()));
        return 0;
    }

    /** {@code agent add CLIENT-ID [--role agent] [--client b2bea …]}; returns the exit status. */
    public static int agent(List<String> args, LocalSettings settings, PrintStream out, PrintStream err) {
        if (args.size() < 2 || !"add".equals(args.get(0)) || args.get(1).startsWith("--")) {
            err.println(
                    "usage: ./touchflow agent add CLIENT-ID [--role ROLE…] [--client CLIENT…]  (default: role agent, every client)");
            return 2;
        }
        String clientId = args.get(1);
        if (LocalIssuer.CONSOLE_CLIENT_ID.equals(clientId)) {
            err.println("agent: " + clientId + " is the console's own client id");
            return 2;
        }
        List<String> roles = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        try {
            for (int i = 2; i < args.size(); i += 2) {
                String value = required(i + 1 < args.size() ? args.get(i + 1) : null, args.get(i));
                switch (args.get(i)) {
                    case "--role" -> roles.add(role(value));
                    case "--client" -> clients.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("agent: " + e.getMessage());
            return 2;
        }
        if (roles.isEmpty()) {
            roles.add("agent");
        }
        if (clients.isEmpty()) {
            clients.add("*");
        }
        Path file = settings.stateDirectory().resolve("issuer").resolve("agents.json");
        String secret = new AgentClients(file).add(clientId, roles, clients);
        String issuer = LocalIdentity.issuerUrl(settings.services().issuer());
        out.println("agent " + clientId + " (roles " + roles + ", clients " + clients + ")");
        out.println("client secret (shown once, kept only as a hash): " + secret);
        out.println("get a token (valid 1 h) from the running issuer:");
        out.println("  curl -s -u '" + clientId + ":" + secret + "' -d grant_type=client_credentials " + issuer
                + "/oauth2/token");
        return 0;
    }

    /** {@code person add NAME --role approver [--role …] --client b2bea [--client …]}; returns the exit status. */
    public static int person(List<String> args, LocalSettings settings, PrintStream out, PrintStream err) {
        if (args.size() < 2 || !"add".equals(args.get(0)) || args.get(1).startsWith("--")) {
            err.println(
                    "usage: ./touchflow person add NAME --role ROLE [--role ROLE…] --client CLIENT|'*' [--client …]");
            return 2;
        }
        String name = args.get(1);
        List<String> roles = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        try {
            for (int i = 2; i < args.size(); i += 2) {
                String value = required(i + 1 < args.size() ? args.get(i + 1) : null, args.get(i));
                switch (args.get(i)) {
                    case "--role" -> roles.add(role(value));
                    case "--client" -> clients.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            if (roles.isEmpty() || clients.isEmpty()) {
                throw new IllegalArgumentException("name at least one role and at least one client");
            }
        } catch (IllegalArgumentException e) {
            err.println("person: " + e.getMessage());
            return 2;
        }
        Path file = settings.stateDirectory().resolve("issuer").resolve("people.json");
        String password = new People(file).add(name, roles, clients);
        out.println("person " + name + " (roles " + roles + ", clients " + clients + ")");
        out.println("password (shown once, kept only as a hash): " + password);
        out.println("they sign in to the console with it at the local issuer, "
                + LocalIdentity.issuerUrl(settings.services().issuer()) + "/login");
        return 0;
    }

    private static String required(String value, String option) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static String role(String value) {
        String role = value.toLowerCase(Locale.ROOT);
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException(
                    "no role " + value + " (roles: admin, editor, operator, approver, agent, viewer)");
        }
        return role;
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}, or an ISO-8601 duration. */
    static Duration duration(String text) {
        try {
            char unit = text.charAt(text.length() - 1);
            String amount = text.substring(0, text.length() - 1);
            return switch (unit) {
                case 'd' -> Duration.ofDays(Long.parseLong(amount));
                case 'h' -> Duration.ofHours(Long.parseLong(amount));
                case 'm' -> Duration.ofMinutes(Long.parseLong(amount));
                default -> Duration.parse(text);
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--ttl " + text + " is not a duration (30d, 12h, 90m)");
        }
    }
}
