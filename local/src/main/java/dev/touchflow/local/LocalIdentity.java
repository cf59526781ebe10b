package dev.touchflow.local;

import dev.touchflow.embedded.IssuerKeys;
import dev.touchflow.embedded.OwnerOnlyFiles;
import dev.touchflow.platform.approval.ApprovalKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The local runner's identity: the issuer's signing key (kept in {@code .touchflow/issuer/jwks.json}),
 * its issuer URL, the operator's token, an admin of every client, kept in {@code .touchflow/operator-token}
 * and minted again when the key changed or it is a week from expiring, and drafting-service's approval
 * signing key ({@code .touchflow/approval-signing-key}).
 */
final class LocalIdentity {

    static final Duration OPERATOR_TOKEN_TTL = Duration.ofDays(365);

    /** The id dispatch-service knows the local approval signing key by. */
    static final String APPROVAL_KEY_ID = "local";

    private final IssuerKeys keys;
    private final String issuer;
    private final String operatorToken;
    private final String[] approvalKey;

    private LocalIdentity(IssuerKeys keys, String issuer, String operatorToken, String[] approvalKey) {
        this.keys = keys;
        this.issuer = issuer;
        this.operatorToken = operatorToken;
        this.approvalKey = approvalKey;
    }

    static LocalIdentity open(Path state, int issuerPort, Clock clock) {
        IssuerKeys keys = IssuerKeys.loadOrCreate(state.resolve("issuer").resolve("jwks.json"));
        String issuer = issuerUrl(issuerPort);
        Path tokenFile = state.resolve("operator-token");
        String token = read(tokenFile);
        if (token == null || !keys.stillValid(token, Duration.ofDays(7), clock)) {
            token = keys.mint(issuer, "operator", List.of("admin"), List.of("*"), OPERATOR_TOKEN_TTL, clock);
            write(tokenFile, token);
        }
        return new LocalIdentity(keys, issuer, token, approvalKey(state.resolve("approval-signing-key")));
    }

    /** drafting-service's Ed25519 approval key: Base64 PKCS#8 private and X.509 public, one a line, made on first start. */
    private static String[] approvalKey(Path file) {
        String kept = read(file);
        if (kept != null && kept.lines().count() == 2) {
            return kept.lines().toArray(String[]::new);
        }
        KeyPair pair = ApprovalKeys.generate();
        String[] key = {ApprovalKeys.encode(pair.getPrivate()), ApprovalKeys.encode(pair.getPublic())};
        write(file, key[0] + "\n" + key[1]);
        return key;
    }

    /** What drafting-service signs approvals with. */
    String approvalPrivateKey() {
        return approvalKey[0];
    }

    /** What dispatch-service verifies them with. */
    String approvalPublicKey() {
        return approvalKey[1];
    }

    static String issuerUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    IssuerKeys keys() {
        return keys;
    }

    String issuer() {
        return issuer;
    }

    String operatorToken() {
        return operatorToken;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file)
                    ? Files.readString(file, StandardCharsets.UTF_8).strip()
                    : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String secret) {
        try {
            OwnerOnlyFiles.write(file, secret + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
