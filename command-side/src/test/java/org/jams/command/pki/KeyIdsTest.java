package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

class KeyIdsTest {

    // Computed once with: openssl pkey -pubin -in fixed-public-key.pem -outform DER | sha1sum (and sha256sum)
    private static final String OPENSSL_SHA1 = "fab08a34df788f5902702de7836a9a164a9038a7";
    private static final String OPENSSL_SHA256 = "5c7e12dbdff5b4b613c9c2705c0fe5aa44f093c34003751744e1c40af7144957";

    @Test
    void sha1IdIsOpensslsSha1OfTheDerPublicKeyInLowercaseHex() throws IOException {
        assertThat(KeyIds.sha1Id(fixedPublicKey())).isEqualTo(OPENSSL_SHA1);
    }

    @Test
    void sha256IdIsOpensslsSha256OfTheDerPublicKeyInLowercaseHex() throws IOException {
        assertThat(KeyIds.sha256Id(fixedPublicKey())).isEqualTo(OPENSSL_SHA256);
    }

    private static PublicKey fixedPublicKey() throws IOException {
        try (InputStream in = KeyIdsTest.class.getResourceAsStream("/pki/fixed-public-key.pem");
             PEMParser parser = new PEMParser(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            return new JcaPEMKeyConverter().getPublicKey((SubjectPublicKeyInfo) parser.readObject());
        }
    }
}
