package org.jams.query.audit.asof;

import java.time.Instant;
import java.util.List;

/** The CRL of one issuer as it was at a moment: its DER and what it says. */
public record CrlAsOf(String issuerKeyId, String kind, Instant at, Instant thisUpdate, Instant nextUpdate,
                      List<String> revokedSerials, byte[] der) {
}
