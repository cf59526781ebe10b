package dev.touchflow.replies.understand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The address patterns read untrusted text (every reply's sender, its body for referrals). On long
 * hostile runs the unbounded patterns backtracked for seconds or overflowed the stack; these must
 * answer, and still find ordinary addresses.
 */
class AddressPatternsTest {

    private static final String[] HOSTILE = {
        "a@" + "b.1".repeat(20_000) + "!",
        "a.".repeat(20_000) + "@x",
        "x@" + "b".repeat(60_000) + "!",
        "a@b@".repeat(20_000),
    };

    @Test
    void longHostileRunsAreAnsweredWithoutAnOverflowAndHoldNoAddress() {
        for (String text : HOSTILE) {
            assertThat(Addresses.first(text)).isNull();
            assertThat(Referrals.find(text, "dana@acme.example")).isEmpty();
        }
    }

    @Test
    void ordinaryAddressesAreStillFound() {
        assertThat(Addresses.first("Dana Ruiz <dana.ruiz@mail.acme.co.uk>")).isEqualTo("dana.ruiz@mail.acme.co.uk");
        assertThat(Referrals.find("Please write to lee+sales@acme.com.", "dana@acme.com"))
                .isEqualTo(Optional.of("lee+sales@acme.com"));
    }
}
