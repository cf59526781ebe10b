package dev.touchflow.dispatch.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Outside the local profile ({@code touchflow.profile}, anything but {@code local}) dispatch-service
 * refuses to start with links recipients cannot use safely: the public URL of the unsubscribe and
 * tracking links must be https (RFC 8058's one-click unsubscribe needs it) on a host that is not
 * loopback, and the secret that signs those links must be at least 32 characters.
 */
@Component
class ProductionSafety implements SmartInitializingSingleton {

    static final int MIN_SECRET = 32;

    private final DispatchProperties properties;
    private final String profile;

    ProductionSafety(DispatchProperties properties, @Value("${touchflow.profile:production}") String profile) {
        this.properties = properties;
        this.profile = profile;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if ("local".equals(profile)) {
            return;
        }
        List<String> problems = problems(properties.publicUrl(), properties.tokenSecret());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "dispatch-service will not start outside the local profile: " + String.join("; ", problems));
        }
    }

    static List<String> problems(String publicUrl, String tokenSecret) {
        List<String> problems = new ArrayList<>();
        URI url;
        try {
            url = URI.create(publicUrl);
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || !"https".equals(url.getScheme()) || url.getHost() == null) {
            problems.add("touchflow.dispatch.public-url must be an https URL recipients can reach (it is " + publicUrl
                    + ")");
        } else if (loopback(url.getHost())) {
            problems.add("touchflow.dispatch.public-url points at this machine (" + url.getHost()
                    + "): recipients cannot reach it");
        }
        if (tokenSecret == null || tokenSecret.length() < MIN_SECRET) {
            problems.add("touchflow.dispatch.token-secret must be set, at least " + MIN_SECRET + " characters");
        }
        return problems;
    }

    private static boolean loopback(String host) {
        if ("localhost".equalsIgnoreCase(host) || host.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
