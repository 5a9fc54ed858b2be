package org.jams.command.pki;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Certificate serial numbers that are unique and unpredictable. */
public final class SerialNumbers {

    // RFC 5280 caps serials at 20 octets and requires them positive: 159 random bits plus the
    // sign bit fill exactly 20 octets, far beyond the 64 bits of entropy the CA/B Forum asks for.
    static final int SERIAL_BITS = 159;

    private final SecureRandom random;

    public SerialNumbers() {
        this(new SecureRandom());
    }

    public SerialNumbers(SecureRandom random) {
        this.random = random;
    }

    public BigInteger next() {
        BigInteger serial;
        do {
            serial = new BigInteger(SERIAL_BITS, random);
        } while (serial.signum() == 0); // RFC 5280 forbids a zero serial
        return serial;
    }
}
