package org.jams.command.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jams.command.pki.NativeCrypto;

/**
 * The audit key: an Ed25519 key pair that signs every event at append time and every checkpoint of the
 * hash chain. It lives in {@code jams.home/audit/audit-key.pem} (directory 0700, file 0600): one file holding the
 * private key (PKCS#8) and the public key (X.509 SubjectPublicKeyInfo) as two PEM blocks, created atomically on first
 * start, so two nodes starting together cannot end up with different keys. Nodes that share one database must share
 * this file, like {@code secrets/}. The public key alone is also written to {@code audit/audit-public-key.pem}, and
 * served at {@code GET /api/audit/public-key}; an auditor should obtain it once, out of band, and keep it.
 *
 * <p>Keys, signing and verification go through the JCA with the provider {@link NativeCrypto#ed25519()} names: ACCP
 * where its native library works, else BouncyCastle, passed explicitly (BouncyCastle is never registered globally).
 * Ed25519 is deterministic (RFC 8032): the signatures are byte-identical whichever provider makes them, and any
 * Ed25519 implementation verifies them. The reason is cost, since every append signs: per signature and
 * verification, SunEC on JDK 17 took about 1 ms and 0.7 ms here, BouncyCastle 48 and 116 µs, ACCP 15 and 50 µs.
 */
public final class AuditKeys {

    public static final String ALGORITHM = "Ed25519";
    static final String KEY_FILE = "audit-key.pem";
    static final String PUBLIC_KEY_FILE = "audit-public-key.pem";

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    /** The provider whose key factory made the keys: a provider signs with its own kind of key objects. */
    private final Provider provider;
    /** One initialised Signature per thread, reused: sign() leaves it ready for the next signature. */
    private final ThreadLocal<Signature> signers;

    private AuditKeys(PrivateKey privateKey, PublicKey publicKey, Provider provider) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.provider = provider;
        this.signers = ThreadLocal.withInitial(() -> {
            try {
                Signature signature = Signature.getInstance(ALGORITHM, this.provider);
                signature.initSign(this.privateKey);
                return signature;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 is not available", e);
            }
        });
    }

    /** Loads {@code home/audit/audit-key.pem}, creating the key pair on first use. */
    public static AuditKeys loadOrCreate(Path home) throws IOException {
        Path directory = home.resolve("audit");
        Path file = directory.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            create(file);
        }
        AuditKeys keys = fromPem(Files.readString(file, StandardCharsets.US_ASCII), file);
        Path publicFile = directory.resolve(PUBLIC_KEY_FILE);
        String publicPem = keys.publicKeyPem();
        if (!Files.exists(publicFile) || !Files.readString(publicFile, StandardCharsets.US_ASCII).equals(publicPem)) {
            Path temporary = Files.createTempFile(directory, ".tmp-", ".part");
            Files.writeString(temporary, publicPem, StandardCharsets.US_ASCII);
            Files.move(temporary, publicFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return keys;
    }

    /** Key pair from memory (tests, benchmarks). */
    public static AuditKeys generate() {
        try {
            Provider provider = NativeCrypto.ed25519();
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM, provider).generateKeyPair();
            return new AuditKeys(pair.getPrivate(), pair.getPublic(), provider);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    private static void create(Path file) throws IOException {
        Path directory = file.getParent();
        if (!Files.exists(directory)) {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        AuditKeys fresh = generate();
        String pem = pem("PRIVATE KEY", fresh.privateKey.getEncoded()) + fresh.publicKeyPem();
        Path temporary = Files.createTempFile(directory, ".tmp-", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
            // A hard link fails if the file exists: of two nodes creating the key at once, exactly one wins and
            // both then read the winner's key.
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException lostTheRace) {
            // the other node's key is the key
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static AuditKeys fromPem(String text, Path origin) {
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher matcher = PEM_BLOCK.matcher(text);
        while (matcher.find()) {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
            switch (matcher.group(1)) {
                case "PRIVATE KEY" -> privateDer = der;
                case "PUBLIC KEY" -> publicDer = der;
                default -> { }
            }
        }
        if (privateDer == null || publicDer == null) {
            throw new IllegalStateException(origin + " must hold a PRIVATE KEY and a PUBLIC KEY PEM block");
        }
        try {
            Provider provider = NativeCrypto.ed25519();
            KeyFactory factory = keyFactory(provider);
            AuditKeys keys = new AuditKeys(factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer)),
                    factory.generatePublic(new X509EncodedKeySpec(publicDer)), provider);
            byte[] probe = "jams audit key self-test".getBytes(StandardCharsets.US_ASCII);
            if (!verify(keys.publicKey, probe, keys.sign(probe))) {
                throw new IllegalStateException("The private and public keys in " + origin + " do not match");
            }
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the Ed25519 audit key in " + origin, e);
        }
    }

    /** Reads an Ed25519 public key from PEM ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey readPublicKey(String pemText) {
        Matcher matcher = PEM_BLOCK.matcher(pemText);
        while (matcher.find()) {
            if (matcher.group(1).equals("PUBLIC KEY")) {
                try {
                    return keyFactory(NativeCrypto.ed25519()).generatePublic(
                            new X509EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(2))));
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("The PUBLIC KEY block is not an Ed25519 public key", e);
                }
            }
        }
        throw new IllegalArgumentException("No -----BEGIN PUBLIC KEY----- block found");
    }

    public byte[] sign(byte[] data) {
        try {
            Signature signature = signers.get();
            signature.update(data);
            return signature.sign(); // leaves the object initialised for the next signature
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with the audit key", e);
        }
    }

    /**
     * ACCP has no Ed25519 key factory and signs with the JDK's key objects; BouncyCastle with its own.
     */
    private static KeyFactory keyFactory(Provider provider) throws GeneralSecurityException {
        return provider.getService("KeyFactory", ALGORITHM) != null ? KeyFactory.getInstance(ALGORITHM, provider)
                : KeyFactory.getInstance(ALGORITHM);
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signatureBytes) {
        try {
            Provider provider = NativeCrypto.ed25519();
            Signature signature = Signature.getInstance(ALGORITHM, provider);
            try {
                signature.initVerify(key);
            } catch (InvalidKeyException otherProvidersKey) {
                // A key object of the other provider (read before ACCP was installed): the same key, re-read.
                signature.initVerify(keyFactory(provider).generatePublic(new X509EncodedKeySpec(key.getEncoded())));
            }
            signature.update(data);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex: what an auditor compares with their copy. */
    public String fingerprint() {
        return fingerprint(publicKey);
    }

    public static String fingerprint(PublicKey key) {
        return Canonical.hex(Canonical.sha256(key.getEncoded()));
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
