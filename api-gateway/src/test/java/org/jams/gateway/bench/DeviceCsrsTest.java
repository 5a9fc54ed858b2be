package org.jams.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/** The benchmark's device keys built from pairs of primes are working RSA keys, and its CSRs verify. */
class DeviceCsrsTest {

    @Test
    void aKeyFromTwoPrimesSignsWhatItsPublicKeyVerifiesAndItsCsrVerifies() throws Exception {
        SecureRandom random = new SecureRandom();
        BigInteger p = BigInteger.probablePrime(1024, random);
        BigInteger q = BigInteger.probablePrime(1024, random);
        KeyPair pair = DeviceCsrs.keyPair(p, q);
        byte[] data = "enroll me".getBytes(StandardCharsets.UTF_8);

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(data);

        assertThat(verifier.verify(signature)).isTrue();
        assertThat(((RSAPublicKey) pair.getPublic()).getModulus()).isEqualTo(p.multiply(q));
        String pem = DeviceCsrs.csr(pair);
        assertThat(pem).startsWith("-----BEGIN NEW CERTIFICATE REQUEST-----");
        try (PEMParser parser = new PEMParser(new StringReader(pem.replace("NEW CERTIFICATE", "CERTIFICATE")))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(
                    csr.getSubjectPublicKeyInfo()))).isTrue();
        }
    }

    @Test
    void enoughPrimesForTheKeysAskedAndNoMore() {
        assertThat(DeviceCsrs.primesFor(1)).isEqualTo(2);
        assertThat(DeviceCsrs.primesFor(4000)).isEqualTo(90); // 90 * 89 / 2 = 4005, 89 * 88 / 2 = 3916
        assertThat(DeviceCsrs.primesFor(4005)).isEqualTo(90);
        assertThat(DeviceCsrs.primesFor(4006)).isEqualTo(91);
    }
}
