package dev.touchflow.drafting.security;

import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.approval.ApprovalKeys;
import java.security.PrivateKey;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key drafting-service signs every approval with ({@code touchflow.drafting.approval-signing}):
 * an Ed25519 private key, Base64 PKCS#8, and the id dispatch-service knows its public half by.
 * Without it the service does not start: an approval nobody can verify would send nothing.
 */
@ConfigurationProperties("touchflow.drafting.approval-signing")
public final class ApprovalSigning {

    private final String keyId;
    private final PrivateKey key;

    public ApprovalSigning(String keyId, String privateKey) {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalStateException("touchflow.drafting.approval-signing.key-id is not set");
        }
        this.keyId = keyId;
        this.key = ApprovalKeys.privateKey(privateKey, "touchflow.drafting.approval-signing.private-key");
    }

    public String keyId() {
        return keyId;
    }

    public byte[] sign(Approval approval) {
        return ApprovalKeys.sign(approval, key);
    }
}
