package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemBlocksTest {

    private static final byte[] BYTES = "some DER, or anything at all".getBytes(StandardCharsets.UTF_8);
    private static final String BASE64 = Base64.getEncoder().encodeToString(BYTES);

    @Test
    void blocksAreReadInOrderWithTheirLabelsAndTextAroundThemIsIgnored() {
        String text = "Subject: CN=x\n-----BEGIN CERTIFICATE-----\n" + BASE64.substring(0, 20) + "\n"
                + BASE64.substring(20) + "\n-----END CERTIFICATE-----\nbetween\n-----BEGIN X509 CRL-----\n" + BASE64
                + "\n-----END X509 CRL-----\n";

        List<PemBlocks.Block> blocks = PemBlocks.read(text);

        assertThat(blocks).extracting(PemBlocks.Block::label).containsExactly("CERTIFICATE", "X509 CRL");
        assertThat(blocks).allSatisfy(block -> assertThat(block.der()).isEqualTo(BYTES));
    }

    @Test
    void windowsLineEndsAndIndentedLinesAreRead() {
        String text = "-----BEGIN CERTIFICATE REQUEST-----\r\n  " + BASE64
                + "\r\n-----END CERTIFICATE REQUEST-----\r\n";

        assertThat(PemBlocks.read(text)).singleElement().satisfies(block -> {
            assertThat(block.label()).isEqualTo("CERTIFICATE REQUEST");
            assertThat(block.der()).isEqualTo(BYTES);
        });
    }

    @Test
    void textWithoutBlocksHasNone() {
        assertThat(PemBlocks.read("hello")).isEmpty();
    }

    @Test
    void aBlockWithoutItsOwnEndLineIsRefused() {
        assertThatThrownBy(() -> PemBlocks.read("-----BEGIN CERTIFICATE-----\n" + BASE64 + "\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PemBlocks.read("-----BEGIN CERTIFICATE-----\n" + BASE64
                + "\n-----END PRIVATE KEY-----\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PemBlocks.read("-----BEGIN CERTIFICATE\n" + BASE64 + "\n-----END CERTIFICATE-----"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentThatIsNotBase64IsRefusedNotSkipped() {
        for (String bad : List.of(BASE64.substring(0, 8) + "*" + BASE64.substring(8), BASE64 + "é",
                "Proc-Type: 4,ENCRYPTED\n" + BASE64, BASE64 + "\0", BASE64.substring(0, 8) + "\u2003"
                        + BASE64.substring(8), BASE64.substring(0, 8) + "\f" + BASE64.substring(8))) {
            assertThatThrownBy(() -> PemBlocks.read("-----BEGIN CERTIFICATE-----\n" + bad
                    + "\n-----END CERTIFICATE-----\n")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
