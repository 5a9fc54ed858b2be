package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Small readers and assertions shared by the PKI tests. */
final class PkiAssertions {

    static final String SHA512_WITH_RSA_OID = "1.2.840.113549.1.1.13";

    private PkiAssertions() {
    }

    static PkiException refusal(ThrowingCallable call) {
        PkiException refusal = catchThrowableOfType(PkiException.class, call);
        assertThat(refusal).as("expected a PkiException").isNotNull();
        assertThat(refusal.getMessage()).isNotBlank();
        return refusal;
    }

    static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        assertThat(value).as("subject key identifier of " + certificate.getSubjectX500Principal()).isNotNull();
        return SubjectKeyIdentifier.getInstance(parse(value)).getKeyIdentifier();
    }

    static AuthorityKeyIdentifier authorityKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        assertThat(value).as("authority key identifier of " + certificate.getSubjectX500Principal()).isNotNull();
        return AuthorityKeyIdentifier.getInstance(parse(value));
    }

    /** SHA-1 over the DER SubjectPublicKeyInfo, re-encoded and hashed by BouncyCastle, not the JDK. */
    static byte[] sha1OfSubjectPublicKeyInfo(PublicKey key) {
        try {
            byte[] der = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getEncoded(ASN1Encoding.DER);
            SHA1Digest digest = new SHA1Digest();
            digest.update(der, 0, der.length);
            byte[] hash = new byte[digest.getDigestSize()];
            digest.doFinal(hash, 0);
            return hash;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Object parse(byte[] extensionValue) {
        try {
            return JcaX509ExtensionUtils.parseExtensionValue(extensionValue);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
