package dev.touchflow.testkit;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The test JVM's approval signing key: drafting-service signs with its private half, dispatch-service
 * trusts its public half under {@link #KEY_ID}. A test that writes approvals itself signs them with
 * {@link #privateKey()}, or deliberately does not.
 */
public final class TestApprovalKeys {

    public static final String KEY_ID = "test-approvals";
    private static final KeyPair KEYS = generate();

    private TestApprovalKeys() {}

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("touchflow.drafting.approval-signing.key-id", () -> KEY_ID);
        registry.add("touchflow.drafting.approval-signing.private-key", TestApprovalKeys::privateKeyBase64);
        registry.add("touchflow.dispatch.approval-keys." + KEY_ID, TestApprovalKeys::publicKeyBase64);
    }

    public static PrivateKey privateKey() {
        return KEYS.getPrivate();
    }

    public static String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded());
    }

    public static String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    /** A key pair no service trusts. */
    public static KeyPair untrusted() {
        return generate();
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is missing from this JVM", e);
        }
    }
}
