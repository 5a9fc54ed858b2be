package org.jams.command.pki;

import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** The CRL Distribution Points extension (RFC 5280 §4.2.1.13) naming one HTTP URL, with no reasons and no issuer. */
final class CrlDistributionPoints {

    private CrlDistributionPoints() {
    }

    static CRLDistPoint of(String url) {
        GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url));
        return new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(names), null, null)});
    }
}
