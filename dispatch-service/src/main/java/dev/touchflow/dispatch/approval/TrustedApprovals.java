package dev.touchflow.dispatch.approval;

import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.approval.ApprovalKeys;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The public keys of drafting-service's approval signing keys, by key id
 * ({@code touchflow.dispatch.approval-keys.<key-id>}: Base64 X.509 Ed25519). Several may be
 * trusted at once while a key is rotated. Without one the service does not start: it could send nothing.
 */
@ConfigurationProperties("touchflow.dispatch")
public final class TrustedApprovals {

    private final Map<String, PublicKey> keys;

    public TrustedApprovals(Map<String, String> approvalKeys) {
        if (approvalKeys == null || approvalKeys.isEmpty()) {
            throw new IllegalStateException(
                    "touchflow.dispatch.approval-keys is empty: name drafting-service's approval "
                            + "signing key(s) by id, or nothing can be verified and nothing will be sent");
        }
        Map<String, PublicKey> parsed = new LinkedHashMap<>();
        approvalKeys.forEach(
                (id, key) -> parsed.put(id, ApprovalKeys.publicKey(key, "touchflow.dispatch.approval-keys." + id)));
        this.keys = Map.copyOf(parsed);
    }

    /** Why the approval must not be sent; empty when drafting-service's signature holds for exactly this content. */
    public Optional<String> refusal(Approval approval, byte[] signature, String keyId) {
        return ApprovalKeys.refusal(approval, signature, keyId, keys);
    }
}
