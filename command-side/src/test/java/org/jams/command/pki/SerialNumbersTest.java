package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SerialNumbersTest {

    private final SerialNumbers serialNumbers = new SerialNumbers();

    @Test
    void serialsArePositiveAndFitRfc5280sTwentyOctets() {
        IntStream.range(0, 1000).mapToObj(i -> serialNumbers.next()).forEach(serial -> {
            assertThat(serial.signum()).isEqualTo(1);
            assertThat(serial.bitLength()).isLessThanOrEqualTo(159);
            assertThat(serial.toByteArray()).hasSizeLessThanOrEqualTo(20);
        });
    }

    @Test
    void thousandSerialsAreDistinct() {
        Set<BigInteger> serials = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> serials.add(serialNumbers.next()));
        assertThat(serials).hasSize(1000);
    }

    @Test
    void serialsUseTheFull159RandomBits() {
        // A 159-bit draw has its top bit set half of the time; missing it 1000 times means fewer bits are drawn.
        assertThat(IntStream.range(0, 1000).map(i -> serialNumbers.next().bitLength()).max().orElseThrow())
                .isEqualTo(159);
    }

    @Test
    void aZeroDrawIsRedrawnBecauseRfc5280ForbidsZeroSerials() {
        SerialNumbers firstDrawIsZero = new SerialNumbers(new SecureRandom() {
            private boolean first = true;

            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, first ? (byte) 0 : (byte) 0x5a);
                first = false;
            }
        });

        assertThat(firstDrawIsZero.next().signum()).isEqualTo(1);
    }
}
