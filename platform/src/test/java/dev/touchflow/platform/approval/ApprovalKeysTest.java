package dev.touchflow.platform.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Approvals signed and verified with Bouncy Castle's Ed25519, interchangeable with the JDK's. */
class ApprovalKeysTest {

    private final KeyPair keys = ApprovalKeys.generate();
    private final Approval approval = approval("Following up, Dana");

    @Test
    void aSignatureIsTheOneTheJdkMakesAndVerifiesUnderTheKeyItNames() throws Exception {
        byte[] signed = ApprovalKeys.sign(approval, keys.getPrivate());

        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(keys.getPrivate());
        jdk.update(approval.statement());
        assertThat(signed).isEqualTo(jdk.sign());
        assertThat(ApprovalKeys.refusal(approval, signed, "k1", Map.of("k1", keys.getPublic())))
                .isEmpty();
    }

    @Test
    void anAlteredApprovalAnotherKeyOrAnUntrustedKeyIdIsRefusedWithTheReason() throws Exception {
        byte[] signed = ApprovalKeys.sign(approval, keys.getPrivate());
        KeyPair other = ApprovalKeys.generate();
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();

        assertThat(ApprovalKeys.refusal(approval("Following up, Dan"), signed, "k1", Map.of("k1", keys.getPublic())))
                .hasValue("the approval's signature does not match its content");
        assertThat(ApprovalKeys.refusal(approval, signed, "k1", Map.of("k1", other.getPublic())))
                .hasValue("the approval's signature does not match its content");
        assertThat(ApprovalKeys.refusal(approval, signed, "k2", Map.of("k1", keys.getPublic())))
                .hasValue("the approval names signing key k2, which is not trusted");
        assertThat(ApprovalKeys.refusal(approval, new byte[0], "k1", Map.of("k1", keys.getPublic())))
                .hasValue("the approval is not signed");
        assertThat(ApprovalKeys.refusal(approval, signed, "k1", Map.of("k1", rsa.getPublic())))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("the trusted key k1 cannot be read"));
    }

    @Test
    void eachKeyReadOnceStillSignsAndVerifiesAsItselfWithManyKeysInUse() throws Exception {
        List<KeyPair> pairs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pairs.add(ApprovalKeys.generate());
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < pairs.size(); i++) {
                KeyPair pair = pairs.get(i);
                byte[] signed = ApprovalKeys.sign(approval, pair.getPrivate());
                Signature jdk = Signature.getInstance("Ed25519");
                jdk.initVerify(pair.getPublic());
                jdk.update(approval.statement());
                assertThat(jdk.verify(signed)).isTrue();
                assertThat(ApprovalKeys.refusal(approval, signed, "k", Map.of("k", pair.getPublic())))
                        .isEmpty();
                KeyPair next = pairs.get((i + 1) % pairs.size());
                assertThat(ApprovalKeys.refusal(approval, signed, "k", Map.of("k", next.getPublic())))
                        .hasValue("the approval's signature does not match its content");
            }
        }
    }

    private static Approval approval(String subject) {
        return new Approval(
                "d-1",
                1,
                "e-1",
                "b2bea",
                "c-1",
                "b2bea_membership",
                3,
                1,
                "email",
                "dana@acme.example",
                Approval.contentHash(subject, "Hi Dana"),
                "justin@b2bea.example",
                Instant.parse("2026-12-07T09:00:00Z"),
                false,
                false);
    }
}
