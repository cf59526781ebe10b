package dev.touchflow.replies.understand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Measures {@link Referrals} on the labelled referrals: the address pointed to, from the new text only. */
class ReferralsEvaluationTest {

    @Test
    void referredAddressesOfTheLabelledSet() throws IOException {
        int total = 0;
        int right = 0;
        int invented = 0;
        List<String> wrong = new ArrayList<>();
        for (Map<String, Object> record : SharedData.labelledReplies()) {
            if (!"referral".equals(record.get("label"))) {
                continue;
            }
            String from = Addresses.first((String) record.get("from"));
            String found = Referrals.find(
                            ReplyText.of((String) record.get("body")).fresh(), from)
                    .orElse(null);
            Object expected = record.get("referral_email");
            if (expected == null) {
                invented += found == null ? 0 : 1;
                continue;
            }
            total++;
            if (expected.toString().equalsIgnoreCase(found)) {
                right++;
            } else {
                wrong.add(record.get("id") + ":" + expected + "/" + found);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "{\"referrals_with_address\": %d, \"right\": %d, \"invented\": %d, \"wrong\": %s}%n",
                total,
                right,
                invented,
                wrong);
        assertThat(total).isEqualTo(27);
        assertThat((double) right / total).as("referred address right").isGreaterThanOrEqualTo(0.90);
        assertThat(invented).as("an address made up where the reply names none").isZero();
    }
}
