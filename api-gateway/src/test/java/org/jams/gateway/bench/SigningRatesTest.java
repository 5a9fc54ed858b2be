package org.jams.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the signing rate out of {@code openssl speed}, as the enrollment benchmark does. */
class SigningRatesTest {

    @Test
    void theSignRateOfOpenSsl30MultiProcessOutput() {
        String output = """
                Forked child 0
                Forked child 1
                Got: +F2:4:4096:191.694352:11140.333333 from 0
                Got: +F2:4:4096:193.666667:11344.333333 from 1
                version: 3.0.19
                options: bn(64,64)
                                  sign    verify    sign/s verify/s
                rsa 4096 bits 0.002595s 0.000044s    385.4  22484.7
                """;
        assertThat(SigningRates.signaturesPerSecond(output)).isEqualTo(385.4);
    }

    @Test
    void theSignRateWhenEncryptionColumnsComeFirst() {
        String output = """
                                  sign    verify    encrypt   decrypt   sign/s verify/s  encr./s  decr./s
                rsa 2048 bits 0.000600s 0.000018s 0.000019s 0.000590s   1666.0  55555.0  52631.0   1694.9
                rsa 4096 bits 0.003910s 0.000061s 0.000063s 0.003890s    255.8  16393.4  15873.0    257.1
                """;
        assertThat(SigningRates.signaturesPerSecond(output)).isEqualTo(255.8);
    }

    @Test
    void noFigureWithoutAnRsa4096Line() {
        assertThat(SigningRates.signaturesPerSecond("openssl: unknown option '-multi'\n")).isNaN();
    }
}
