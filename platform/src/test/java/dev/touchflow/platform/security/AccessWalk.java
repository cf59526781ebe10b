package dev.touchflow.platform.security;

import dev.touchflow.testkit.EndpointWalk;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * A service's deny-by-default check, for its own integration test: every REST handler found in the
 * running context's handler mappings (not a hand-kept list) must have a rule, and answers each kind of
 * caller as its rule says ({@link EndpointWalk}). Shipped in platform's test jar.
 */
public final class AccessWalk {

    private AccessWalk() {}

    /** What went wrong, one line per route; empty when every endpoint held. Fails when fewer than {@code atLeast} were found. */
    public static List<String> walk(ApplicationContext context, int port, int atLeast) {
        AccessRules rules = context.getBean(AccessRules.class);
        List<EndpointWalk.Route> routes = context.getBeansOfType(RequestMappingHandlerMapping.class).values().stream()
                .flatMap(mapping -> rules.endpoints(mapping.getHandlerMethods()).stream())
                .map(endpoint -> {
                    AccessRules.Rule rule = endpoint.rule()
                            .orElseThrow(() -> new AssertionError(
                                    endpoint.method() + " " + endpoint.pattern() + " has no access rule"));
                    return EndpointWalk.Route.of(
                            endpoint.method(), endpoint.samplePath(EndpointWalk.sample()), rule.roles(), rule.open());
                })
                .toList();
        if (routes.size() < atLeast) {
            throw new AssertionError("found " + routes.size() + " endpoints, expected at least " + atLeast);
        }
        return EndpointWalk.walk(port, routes);
    }
}
