package dev.touchflow.platform.approval;

import java.io.IOException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Ed25519: the signing key drafting-service holds, the public keys dispatch-service trusts (by key
 * id, so a key can be rotated), and the two operations. Keys are configured as Base64 of their
 * standard encodings (PKCS#8 private, X.509 public), as {@code openssl genpkey -algorithm ed25519}
 * writes them between the PEM lines, and read as the JDK's keys; signing and verifying are Bouncy
 * Castle's, which on Java 17 verifies in an eighth of the JDK provider's time and signs in a
 * twentieth (the same deterministic signatures; docs/benchmarks.md). Each send is verified twice.
 */
public final class ApprovalKeys {

    private static final String ALGORITHM = "Ed25519";

    /**
     * Bouncy Castle's form of each key, read once: a public key's point is decoded when it is read, and a
     * private key derives its public key (a scalar multiplication) on its first signature only. Read afresh
     * for every call, they cost half of each signature and a tenth of each verification (on the 2-core box,
     * 75–89 µs a signature against 40–60, 100–140 µs a verification against 92–127). Keys come from
     * configuration, a handful; the cache starts over should it ever hold more than {@link #CACHED_KEYS}.
     */
    private static final Map<Key, AsymmetricKeyParameter> PARAMETERS = new ConcurrentHashMap<>();

    private static final int CACHED_KEYS = 64;

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
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, parameters(key));
        byte[] statement = approval.statement();
        signer.update(statement, 0, statement.length);
        return signer.generateSignature();
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
        Ed25519Signer verifier = new Ed25519Signer();
        try {
            verifier.init(false, parameters(key));
        } catch (IllegalArgumentException e) {
            return Optional.of("the trusted key " + keyId + " cannot be read: " + e.getMessage());
        }
        byte[] statement = approval.statement();
        verifier.update(statement, 0, statement.length);
        return verifier.verifySignature(signature)
                ? Optional.empty()
                : Optional.of("the approval's signature does not match its content");
    }

    /** Bouncy Castle's form of a JDK Ed25519 key, read from its standard encoding once. */
    private static AsymmetricKeyParameter parameters(Key key) {
        AsymmetricKeyParameter cached = PARAMETERS.get(key);
        if (cached != null) {
            return cached;
        }
        if (PARAMETERS.size() >= CACHED_KEYS) {
            PARAMETERS.clear();
        }
        AsymmetricKeyParameter read = read(key);
        PARAMETERS.put(key, read);
        return read;
    }

    private static AsymmetricKeyParameter read(Key key) {
        try {
            AsymmetricKeyParameter parameters = key instanceof PrivateKey
                    ? PrivateKeyFactory.createKey(key.getEncoded())
                    : PublicKeyFactory.createKey(key.getEncoded());
            if (!(parameters instanceof Ed25519PrivateKeyParameters)
                    && !(parameters instanceof Ed25519PublicKeyParameters)) {
                throw new IllegalArgumentException("not an Ed25519 key but " + key.getAlgorithm());
            }
            return parameters;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable Ed25519 key", e);
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
