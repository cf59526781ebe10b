package dev.touchflow.platform.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A service's table of who may call what: each rule names a method, a path pattern and the roles
 * that may call it (an admin always may), or marks the route public by design. The first rule that
 * matches decides; a route no rule matches is denied. A service whose REST handlers include one no
 * rule covers refuses to start ({@link #uncovered}), so a new endpoint cannot ship open or
 * unreachable by accident.
 */
public final class AccessRules {

    /** Everyone who reads: viewers, and the people who also change things. */
    public static final Set<Role> READERS =
            Set.copyOf(EnumSet.of(Role.VIEWER, Role.EDITOR, Role.OPERATOR, Role.APPROVER));

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

    /**
     * @param method  the HTTP method
     * @param pattern a path pattern ({@code /api/v1/drafts/{id}/approve}, {@code /u/*})
     * @param roles   who may call it, besides an admin; empty when {@code open}
     * @param open    public by design: the signed recipient links and the signed webhook
     */
    public record Rule(HttpMethod method, String pattern, Set<Role> roles, boolean open) {

        public Rule {
            roles = Set.copyOf(roles);
        }

        PathPattern parsed() {
            return PARSER.parse(pattern);
        }

        boolean matches(HttpMethod candidate, String path) {
            return method.equals(candidate) && parsed().matches(PathContainer.parsePath(path));
        }

        /** The authorities Spring Security checks: the roles' and the admin's. */
        String[] authorities() {
            Set<String> authorities = new LinkedHashSet<>();
            authorities.add(Role.ADMIN.authority());
            roles.forEach(role -> authorities.add(role.authority()));
            return authorities.toArray(String[]::new);
        }
    }

    /** A REST handler's method and path, with the rule that decides who may call it, if any. */
    public record Endpoint(HttpMethod method, String pattern, Optional<Rule> rule) {

        /** The pattern with each variable filled in, e.g. {@code /api/v1/drafts/{id}} with a fresh value. */
        public String samplePath(String value) {
            return pattern.replaceAll("\\{[^}]+}", value).replace("/**", "/x");
        }
    }

    private final List<Rule> rules;

    private AccessRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rule that decides a call, if one matches it. */
    public Optional<Rule> ruleFor(HttpMethod method, String path) {
        return rules.stream().filter(rule -> rule.matches(method, path)).findFirst();
    }

    /** Every REST handler of a service, with the rule that decides it. */
    public List<Endpoint> endpoints(Map<RequestMappingInfo, ?> handlers) {
        List<Endpoint> endpoints = new ArrayList<>();
        handlers.keySet().forEach(info -> {
            Set<HttpMethod> methods = new LinkedHashSet<>();
            info.getMethodsCondition().getMethods().forEach(method -> methods.add(method.asHttpMethod()));
            if (methods.isEmpty()) {
                methods.addAll(
                        List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH));
            }
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                for (HttpMethod method : methods) {
                    String text = pattern.getPatternString();
                    Endpoint endpoint = new Endpoint(method, text, Optional.empty());
                    endpoints.add(new Endpoint(method, text, ruleFor(method, endpoint.samplePath("sample"))));
                }
            }
        });
        endpoints.sort(Comparator.comparing(Endpoint::pattern)
                .thenComparing(e -> e.method().name()));
        return endpoints;
    }

    /** The handlers no rule decides: each would be denied to everyone, which is never what was meant. */
    public List<Endpoint> uncovered(Map<RequestMappingInfo, ?> handlers) {
        return endpoints(handlers).stream()
                .filter(endpoint -> endpoint.rule().isEmpty())
                .toList();
    }

    /**
     * A service's rules start with the platform's own routes: the audit trail, which everyone who reads
     * may read, and the outbox's quarantine, for operators.
     */
    public static final class Builder {

        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
            get("/api/v1/audit", READERS);
            get("/api/v1/outbox/quarantined", Role.OPERATOR);
            // the OpenAPI document and Swagger UI describe the API and hold no data
            for (String docs : List.of(
                    "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**")) {
                open(HttpMethod.GET, docs);
            }
        }

        public Builder get(String pattern, Collection<Role> roles) {
            return allow(HttpMethod.GET, pattern, roles);
        }

        public Builder get(String pattern, Role... roles) {
            return allow(HttpMethod.GET, pattern, List.of(roles));
        }

        public Builder post(String pattern, Collection<Role> roles) {
            return allow(HttpMethod.POST, pattern, roles);
        }

        public Builder post(String pattern, Role... roles) {
            return allow(HttpMethod.POST, pattern, List.of(roles));
        }

        public Builder put(String pattern, Role... roles) {
            return allow(HttpMethod.PUT, pattern, List.of(roles));
        }

        public Builder delete(String pattern, Role... roles) {
            return allow(HttpMethod.DELETE, pattern, List.of(roles));
        }

        public Builder allow(HttpMethod method, String pattern, Collection<Role> roles) {
            if (roles.isEmpty()) {
                throw new IllegalArgumentException(
                        method + " " + pattern + ": name the roles (an admin is always allowed)");
            }
            rules.add(new Rule(method, pattern, Set.copyOf(roles), false));
            return this;
        }

        /** A route anyone may call: it checks a signature of its own (a recipient link, a signed webhook). */
        public Builder open(HttpMethod method, String pattern) {
            rules.add(new Rule(method, pattern, Set.of(), true));
            return this;
        }

        public AccessRules build() {
            return new AccessRules(rules);
        }
    }
}
