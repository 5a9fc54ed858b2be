package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class OrganisationCaTest {

    @Test
    void toStringNamesTheCertificateButNeverShowsTheKey() {
        OrganisationCa ca = TestMaterial.fastCa("Logged CA", Instant.now());
        RSAPrivateKey key = (RSAPrivateKey) ca.privateKey();

        assertThat(ca.toString())
                .contains("Logged CA")
                .doesNotContain(key.getPrivateExponent().toString())
                .doesNotContain(key.getPrivateExponent().toString(16))
                .doesNotContain(Base64.getEncoder().encodeToString(key.getEncoded()).substring(0, 40))
                .doesNotContain(key.toString());
    }
}
