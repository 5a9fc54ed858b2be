package org.jams.api.revocation;

/** The identifier of an issuer's CRL series in the event store; the prefix keeps it apart from people's streams. */
public final class CrlSeriesIds {

    private CrlSeriesIds() {
    }

    public static String of(String issuerKeyId) {
        return "crl:" + issuerKeyId;
    }
}
