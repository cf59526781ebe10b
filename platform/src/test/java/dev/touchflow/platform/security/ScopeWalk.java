package dev.touchflow.platform.security;

import dev.touchflow.testkit.EndpointWalk;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * A service's client-scoping check, for its own integration test, over the same route inventory as
 * {@link AccessWalk}: every endpoint that names an object is called on a real object of one client
 * ({@link Owned}) by each role its rule allows, with a token for another client, and must answer 404
 * problem+json, as if the object did not exist; the owner's own GET answers 2xx, so the object is
 * real. Every list endpoint called for another client mentions none of the owner's objects. An
 * object endpoint the fixture does not cover fails the walk, unless the fixture says why its objects
 * are shared by every client.
 */
public final class ScopeWalk {

    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");
    private static final String ELSEWHERE = "walk-elsewhere";

    private ScopeWalk() {}

    /**
     * One client's objects: the value of each path variable, keyed by the pattern up to and including
     * it ({@code /api/v1/campaigns/{slug}}, then {@code /api/v1/campaigns/{slug}/steps/{number}}); a
     * body for each call that needs one to get past validation; lookups by query parameter; and the
     * routes whose objects every client shares by design.
     */
    public static final class Owned {

        private final String client;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, Object> bodies = new LinkedHashMap<>();
        private final Map<String, String> queries = new LinkedHashMap<>();
        private final Map<String, String> listQueries = new LinkedHashMap<>();
        private final Map<String, String> shared = new LinkedHashMap<>();

        private Owned(String client) {
            this.client = client;
        }

        public static Owned by(String client) {
            return new Owned(client);
        }

        /** The owner's object a path variable names, e.g. {@code object("/api/v1/drafts/{id}", id)}. */
        public Owned object(String patternUpToVariable, String value) {
            values.put(patternUpToVariable, value);
            return this;
        }

        /** A valid body for this call, so that only the object's owner decides the answer. */
        public Owned body(HttpMethod method, String pattern, Object body) {
            bodies.put(method + " " + pattern, body);
            return this;
        }

        /** An endpoint without path variables that finds one object by its query, e.g. {@code message_id=…}. */
        public Owned query(String pattern, String query) {
            queries.put(pattern, query);
            return this;
        }

        /** A list endpoint's query that would find the owner's rows, e.g. {@code client_id=…&contact_id=…}. */
        public Owned listed(String pattern, String query) {
            listQueries.put(pattern, query);
            return this;
        }

        /** Routes under this pattern hold objects every client shares by design; why, for the reader. */
        public Owned shared(String patternPrefix, String why) {
            shared.put(patternPrefix, why);
            return this;
        }
    }

    /** What went wrong, one line per route; empty when every object endpoint held. */
    public static List<String> walk(ApplicationContext context, int port, Owned owned) {
        AccessRules rules = context.getBean(AccessRules.class);
        List<AccessRules.Endpoint> endpoints =
                context.getBeansOfType(RequestMappingHandlerMapping.class).values().stream()
                        .flatMap(mapping -> rules.endpoints(mapping.getHandlerMethods()).stream())
                        .filter(endpoint ->
                                endpoint.rule().filter(rule -> !rule.open()).isPresent())
                        .toList();
        List<String> wrong = new ArrayList<>();
        for (AccessRules.Endpoint endpoint : endpoints) {
            String route = endpoint.method() + " " + endpoint.pattern();
            if (owned.shared.keySet().stream().anyMatch(endpoint.pattern()::startsWith)) {
                continue;
            }
            List<Role> roles =
                    endpoint.rule().orElseThrow().roles().stream().sorted().toList();
            String path = pathOf(endpoint.pattern(), owned, route, wrong);
            if (path == null) {
                continue;
            }
            boolean object = endpoint.pattern().contains("{") || owned.queries.containsKey(endpoint.pattern());
            if (!object) {
                if (endpoint.method() == HttpMethod.GET) {
                    listMentionsNothingOfTheOwner(port, owned, route, path, roles, wrong);
                }
                continue;
            }
            if (roles.isEmpty()) {
                continue; // an admin's alone, and an admin sees every client
            }
            if (endpoint.method() == HttpMethod.GET) {
                int status = exchange(port, token(roles.get(0), owned.client), endpoint.method(), path, null)
                        .getStatus()
                        .value();
                if (status / 100 != 2) {
                    wrong.add(route + ": the owner's " + name(roles.get(0)) + " got " + status + " for " + path
                            + ", so the fixture's object is not real");
                    continue;
                }
            }
            Object body = owned.bodies.get(route);
            for (Role role : roles) {
                EntityExchangeResult<byte[]> result =
                        exchange(port, token(role, ELSEWHERE), endpoint.method(), path, body);
                int status = result.getStatus().value();
                MediaType type = result.getResponseHeaders().getContentType();
                if (status != 404) {
                    wrong.add(route + ": another client's " + name(role) + " got " + status + ", not 404"
                            + (status == 400 && body == null ? " (give the walk a valid body for it)" : ""));
                } else if (type == null || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
                    wrong.add(route + ": another client's 404 came as " + type + ", not problem+json");
                }
            }
        }
        owned.values.keySet().forEach(key -> {
            if (endpoints.stream().noneMatch(endpoint -> endpoint.pattern().startsWith(key))) {
                wrong.add("the fixture names " + key + ", which no endpoint has");
            }
        });
        return wrong;
    }

    private static String pathOf(String pattern, Owned owned, String route, List<String> wrong) {
        Matcher variable = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        int last = 0;
        while (variable.find()) {
            String key = pattern.substring(0, variable.end());
            String value = owned.values.get(key);
            if (value == null) {
                wrong.add(route + ": no object of " + owned.client + " for " + key
                        + " (name one, or say why the route's objects are shared)");
                return null;
            }
            path.append(pattern, last, variable.start()).append(value);
            last = variable.end();
        }
        path.append(pattern.substring(last));
        String query = owned.queries.getOrDefault(pattern, owned.listQueries.get(pattern));
        return query == null ? path.toString() : path + "?" + query;
    }

    private static void listMentionsNothingOfTheOwner(
            int port, Owned owned, String route, String path, List<Role> roles, List<String> wrong) {
        for (Role role : roles) {
            EntityExchangeResult<byte[]> result = exchange(port, token(role, ELSEWHERE), HttpMethod.GET, path, null);
            String body = result.getResponseBody() == null
                    ? ""
                    : new String(result.getResponseBody(), StandardCharsets.UTF_8);
            if (result.getStatus().is5xxServerError()) {
                wrong.add(route + ": another client's " + name(role) + " got "
                        + result.getStatus().value());
            }
            if (body.contains("\"" + owned.client + "\"")) {
                wrong.add(route + ": another client's " + name(role) + " was shown rows of " + owned.client);
            }
            owned.values.values().stream()
                    .filter(value -> value.length() >= 8 && body.contains(value))
                    .forEach(value -> wrong.add(route + ": another client's " + name(role) + " was shown " + value));
        }
    }

    private static EntityExchangeResult<byte[]> exchange(
            int port, String token, HttpMethod method, String path, Object body) {
        return EndpointWalk.send(HttpClients.client(port, token), method, path, body)
                .expectBody(byte[].class)
                .returnResult();
    }

    private static String token(Role role, String client) {
        return TestIdentity.token("scope-walker", List.of(name(role)), List.of(client));
    }

    private static String name(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
