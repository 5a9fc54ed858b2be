package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import org.jams.command.testing.SigningProviderExtension;
import org.junit.jupiter.api.Test;

/**
 * This JVM signs with the provider its execution asked for (so the PKI and Jami tests beside this one really run
 * under both), and every RSA operation of the PKI goes through that one provider.
 */
class SigningProviderTest {

    private final String expected = Boolean.getBoolean(SigningProviderExtension.PROPERTY)
            ? "AmazonCorrettoCryptoProvider" : "SunRsaSign";

    @Test
    void rsaKeysSignaturesAndKeyFactoriesComeFromTheChosenProvider() throws Exception {
        assertThat(NativeCrypto.status().provider()).startsWith(expected + " ");
        assertThat(NativeCrypto.status().nativeCode()).isEqualTo(expected.startsWith("Amazon"));
        assertThat(KeyPairGenerator.getInstance("RSA").getProvider().getName()).isEqualTo(expected);
        assertThat(KeyFactory.getInstance("RSA").getProvider().getName()).isEqualTo(expected);
        var keys = RsaKeyPairs.generate(2048);
        Signature signature = Signature.getInstance("SHA512withRSA");
        signature.initSign(keys.getPrivate());
        assertThat(signature.getProvider().getName()).isEqualTo(expected);
    }

    @Test
    void keysTheServerReadsAreObjectsOfTheSigningProvider() throws Exception {
        var keys = RsaKeyPairs.generate(2048);
        var reread = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(keys.getPrivate()
                .getEncoded()));
        var pemRead = Pem.parsePrivateKey(Pem.encodePrivateKey(keys.getPrivate()), null);
        assertThat(reread.getClass()).isEqualTo(keys.getPrivate().getClass());
        assertThat(pemRead.getClass()).as("a CA key read from PEM").isEqualTo(keys.getPrivate().getClass());
    }

    @Test
    void ed25519GoesThroughAccpWhenItSigns() {
        assertThat(NativeCrypto.ed25519().getName())
                .isEqualTo(expected.startsWith("Amazon") ? "AmazonCorrettoCryptoProvider" : "BC");
    }
}
