package org.jams.command.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

/** PEM text to and from certificates and private keys. */
public final class Pem {

    private static final int LINE_LENGTH = 64;
    private static final byte[] NEWLINE = {'\n'};
    /** The PEM labels of an X.509 certificate (RFC 7468, and OpenSSL's older one). */
    private static final Set<String> CERTIFICATE_TYPES = Set.of("CERTIFICATE", "X509 CERTIFICATE");

    private Pem() {
    }

    public static String encodeCertificate(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("A parsed certificate always has an encoding", e);
        }
    }

    public static String encodeCertificate(byte[] der) {
        return encode("CERTIFICATE", der);
    }

    /** A DER CRL as an {@code X509 CRL} block, the label OpenSSL reads. */
    public static String encodeCrl(byte[] der) {
        return encode("X509 CRL", der);
    }

    /** Unencrypted PKCS#8, the form the server keeps on disk. */
    public static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("Only keys exposing a PKCS#8 encoding can be written, not "
                    + key.getFormat());
        }
        return encode("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Every certificate in the text, in order; other PEM blocks are skipped. The blocks' DER ({@link PemBlocks}) goes
     * straight to the JDK's certificate factory: decoding it into BouncyCastle's structures first, as PEMParser does,
     * tripled the cost of the certificates parsed on each enrollment.
     */
    public static List<X509Certificate> parseCertificates(String pem) {
        if (pem == null) {
            throw new PkiException(PkiException.UNREADABLE_CERTIFICATE, "No certificate was given.");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (PemBlocks.Block block : PemBlocks.read(pem)) {
                if (CERTIFICATE_TYPES.contains(block.label())) {
                    certificates.add((X509Certificate) certificateFactory().generateCertificate(
                            new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            // Bad Base64 is an IllegalArgumentException; the factory is not known to throw others, but any would mean
            // the same: the text is no certificate.
            throw new PkiException(PkiException.UNREADABLE_CERTIFICATE, "The certificate is not valid PEM.", e);
        }
        if (certificates.isEmpty()) {
            throw new PkiException(PkiException.UNREADABLE_CERTIFICATE,
                    "The text contains no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        return List.copyOf(certificates);
    }

    private static CertificateFactory certificateFactory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }

    /** The first certificate in the text. */
    public static X509Certificate parseCertificate(String pem) {
        return parseCertificates(pem).get(0);
    }

    /**
     * The first private key in the text: PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY"),
     * encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY") or a legacy OpenSSL-encrypted PKCS#1 key.
     */
    public static PrivateKey parsePrivateKey(String pem, char[] passphraseOrNull) {
        for (Object block : readBlocks(pem, PkiException.UNREADABLE_PRIVATE_KEY, "private key")) {
            PrivateKeyInfo keyInfo = asPrivateKeyInfo(block, passphraseOrNull);
            if (keyInfo != null) {
                return toPrivateKey(keyInfo);
            }
        }
        throw new PkiException(PkiException.UNREADABLE_PRIVATE_KEY,
                "The text contains no PEM private key (-----BEGIN PRIVATE KEY----- or similar).");
    }

    private static PrivateKeyInfo asPrivateKeyInfo(Object block, char[] passphrase) {
        if (block instanceof PrivateKeyInfo keyInfo) {
            return keyInfo;
        }
        if (block instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (block instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            return decrypt(encrypted, requirePassphrase(passphrase));
        }
        if (block instanceof PEMEncryptedKeyPair encrypted) {
            return decrypt(encrypted, requirePassphrase(passphrase));
        }
        return null;
    }

    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, char[] passphrase) {
        try {
            return encrypted.decryptPrivateKeyInfo(new JcePKCSPBEInputDecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(passphrase));
        } catch (Exception e) {
            // A wrong passphrase surfaces as bad padding or, rarely, as garbage ASN.1: both mean the same.
            throw wrongPassphrase(e);
        }
    }

    private static PrivateKeyInfo decrypt(PEMEncryptedKeyPair encrypted, char[] passphrase) {
        try {
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(passphrase)).getPrivateKeyInfo();
        } catch (Exception e) {
            throw wrongPassphrase(e);
        }
    }

    private static char[] requirePassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            throw new PkiException(PkiException.PASSPHRASE_REQUIRED,
                    "The private key is encrypted; a passphrase is required to read it.");
        }
        return passphrase;
    }

    private static PkiException wrongPassphrase(Exception cause) {
        return new PkiException(PkiException.WRONG_PASSPHRASE,
                "The passphrase does not decrypt the private key.", cause);
    }

    private static List<Object> readBlocks(String pem, String code, String what) {
        if (pem == null) {
            throw new PkiException(code, "No " + what + " was given.");
        }
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad Base64 and bad DER as unchecked exceptions, hence RuntimeException.
            throw new PkiException(code, "The " + what + " is not valid PEM.", e);
        }
        return blocks;
    }

    private static PrivateKey toPrivateKey(PrivateKeyInfo keyInfo) {
        try {
            return new JcaPEMKeyConverter().getPrivateKey(keyInfo);
        } catch (IOException e) {
            throw new PkiException(PkiException.UNREADABLE_PRIVATE_KEY,
                    "The private key uses an algorithm this server cannot read.", e);
        }
    }

    private static String encode(String type, byte[] der) {
        String body = new String(Base64.getMimeEncoder(LINE_LENGTH, NEWLINE).encode(der), StandardCharsets.US_ASCII);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
