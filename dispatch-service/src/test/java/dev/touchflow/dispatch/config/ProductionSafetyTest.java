package dev.touchflow.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProductionSafetyTest {

    private static final String SECRET = "s".repeat(ProductionSafety.MIN_SECRET);

    @Test
    void anHttpsPublicUrlOnAReachableHostWithALongSecretPasses() {
        assertThat(ProductionSafety.problems("https://links.b2bea.example", SECRET))
                .isEmpty();
    }

    @Test
    void plainHttpLoopbackAndAShortOrMissingSecretAreEachRefused() {
        assertThat(ProductionSafety.problems("http://links.b2bea.example", SECRET))
                .singleElement()
                .asString()
                .contains("must be an https URL");
        assertThat(ProductionSafety.problems("https://127.0.0.1:8084", SECRET))
                .singleElement()
                .asString()
                .contains("points at this machine");
        assertThat(ProductionSafety.problems("https://localhost", SECRET))
                .singleElement()
                .asString()
                .contains("points at this machine");
        assertThat(ProductionSafety.problems("https://[::1]:8443", SECRET))
                .singleElement()
                .asString()
                .contains("points at this machine");
        assertThat(ProductionSafety.problems("https://links.b2bea.example", "short"))
                .singleElement()
                .asString()
                .contains("token-secret");
        assertThat(ProductionSafety.problems("not a url", null)).hasSize(2);
    }
}
