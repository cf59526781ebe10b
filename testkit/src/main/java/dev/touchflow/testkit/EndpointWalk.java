package dev.touchflow.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Calls every endpoint of a running service the way an outsider and each kind of caller would,
 * and checks the answer each must get: no token or a forged one is 401, a token without a role the
 * route allows is 403 (both problem+json), and a caller with an allowed role gets past the door
 * (no 401 or 403, never a 5xx). A public route is never asked for a bearer token and never answers 5xx.
 */
public final class EndpointWalk {

    /** Every role Touchflow knows, as its claim value. */
    public enum Role {
        ADMIN,
        EDITOR,
        OPERATOR,
        APPROVER,
        AGENT,
        VIEWER
    }

    /**
     * A route to call.
     *
     * @param path  a concrete path (variables filled in)
     * @param roles the roles a rule lets through (empty for a public route)
     * @param open  public by design
     */
    public record Route(HttpMethod method, String path, Set<String> roles, boolean open) {

        /** A route whose roles are a service's role constants (their names, in any case). */
        public static Route of(HttpMethod method, String path, Collection<? extends Enum<?>> roles, boolean open) {
            Set<String> names = new TreeSet<>();
            roles.forEach(role -> names.add(role.name().toLowerCase(Locale.ROOT)));
            return new Route(method, path, names, open);
        }
    }

    private EndpointWalk() {}

    /** A fresh value for path variables: a UUID reads as an id, a slug, a name or a token, and matches nothing. */
    public static String sample() {
        return UUID.randomUUID().toString();
    }

    /** Walks the routes and returns one line per route that answered wrongly; empty when all held. */
    public static List<String> walk(int port, List<Route> routes) {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            if (route.open()) {
                // A public route checks a signature of its own and may refuse (the webhook's generic 401),
                // but the door never asks it for a bearer token
                var result = send(HttpClients.anonymous(port), route).returnResult(byte[].class);
                int status = result.getStatus().value();
                if (result.getResponseHeaders().containsHeader("WWW-Authenticate")
                        || status == 403
                        || result.getStatus().is5xxServerError()) {
                    wrong.add(route.method() + " " + route.path() + ": public, but anonymous got " + status + " "
                            + result.getResponseHeaders().get("WWW-Authenticate"));
                }
                continue;
            }
            expectRefusal(wrong, route, "no token", HttpClients.anonymous(port), 401);
            expectRefusal(wrong, route, "a forged token", HttpClients.client(port, TestIdentity.forged()), 401);
            List<String> others = new ArrayList<>();
            for (Role role : EnumSet.allOf(Role.class)) {
                String name = role.name().toLowerCase(Locale.ROOT);
                if (role != Role.ADMIN && !route.roles().contains(name)) {
                    others.add(name);
                }
            }
            if (!others.isEmpty()) {
                expectRefusal(
                        wrong,
                        route,
                        "roles " + others,
                        HttpClients.client(port, TestIdentity.token("walker", others, List.of("*"))),
                        403);
            }
            List<String> allowed = new ArrayList<>(route.roles());
            allowed.add("admin");
            for (String role : allowed) {
                HttpStatusCode status = call(
                        HttpClients.client(port, TestIdentity.token("walker", List.of(role), List.of("*"))), route);
                if (status.value() == 401 || status.value() == 403 || status.is5xxServerError()) {
                    wrong.add(route.method() + " " + route.path() + ": role " + role + " is allowed, but got "
                            + status.value());
                }
            }
        }
        return wrong;
    }

    private static void expectRefusal(List<String> wrong, Route route, String who, WebTestClient client, int expected) {
        var result = send(client, route).returnResult(byte[].class);
        int status = result.getStatus().value();
        MediaType type = result.getResponseHeaders().getContentType();
        if (status != expected) {
            wrong.add(route.method() + " " + route.path() + ": " + who + " got " + status + ", not " + expected);
        } else if (type == null || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
            wrong.add(route.method() + " " + route.path() + ": " + who + " got " + status + " as " + type
                    + ", not problem+json");
        }
    }

    private static HttpStatusCode call(WebTestClient client, Route route) {
        return send(client, route).returnResult(byte[].class).getStatus();
    }

    private static WebTestClient.ResponseSpec send(WebTestClient client, Route route) {
        return send(client, route.method(), route.path(), null);
    }

    /** Calls the path; a method that carries a body sends {@code body} as JSON ({@code {}} when null). */
    public static WebTestClient.ResponseSpec send(WebTestClient client, HttpMethod method, String path, Object body) {
        WebTestClient.RequestBodySpec request = client.method(method).uri(path);
        if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            return request.contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body == null ? "{}" : body)
                    .exchange();
        }
        return request.exchange();
    }
}
