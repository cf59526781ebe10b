package dev.touchflow.platform.approval;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Ed25519 from the JDK: the signing key drafting-service holds, the public keys dispatch-service
 * trusts (by key id, so a key can be rotated), and the two operations. Keys are configured as
 * Base64 of their standard encodings (PKCS#8 private, X.509 public), as {@code openssl genpkey
 * -algorithm ed25519} writes them between the PEM lines.
 */
public final class ApprovalKeys {

    private static final String ALGORITHM = "Ed25519";

    private ApprovalKeys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is missing from this JVM", e);
        }
    }

    public static PrivateKey privateKey(String base64, String property) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(decode(base64, property)));
        } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(property + " is not a Base64 PKCS#8 Ed25519 private key", e);
        }
    }

    public static PublicKey publicKey(String base64, String property) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decode(base64, property)));
        } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(property + " is not a Base64 X.509 Ed25519 public key", e);
        }
    }

    public static String encode(Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static byte[] sign(Approval approval, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(approval.statement());
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an approval", e);
        }
    }

    /**
     * Why this approval must not be sent, or empty when its signature holds under the key it names.
     *
     * @param keys the trusted public keys by id
     */
    public static Optional<String> refusal(
            Approval approval, byte[] signature, String keyId, Map<String, PublicKey> keys) {
        if (signature == null || signature.length == 0) {
            return Optional.of("the approval is not signed");
        }
        PublicKey key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            return Optional.of("the approval names signing key " + keyId + ", which is not trusted");
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(approval.statement());
            return verifier.verify(signature)
                    ? Optional.empty()
                    : Optional.of("the approval's signature does not match its content");
        } catch (SignatureException | InvalidKeyException e) {
            return Optional.of("the approval's signature cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is missing from this JVM", e);
        }
    }

    private static byte[] decode(String base64, String property) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException(property + " is not set");
        }
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not Base64", e);
        }
    }
}
