package org.jams.command.pki;

import java.util.Optional;

/** Where relying parties reach this server about its certificates, from the server settings' public URL. */
public interface CertificateLocations {

    /** No public URL: certificates name no responder and no distribution point. */
    CertificateLocations NONE = Optional::empty;

    /** The public base URL (no trailing slash), if the server has one. */
    Optional<String> publicUrl();

    /** The OCSP responder new device certificates name (Authority Information Access). */
    default Optional<String> ocspUrl() {
        return publicUrl().map(url -> url + "/api/ocsp");
    }

    /**
     * The CRL distribution point of the certificates an issuer signs: the organisation CA's key id, or an account's
     * Jami ID (the SHA-1 of its key).
     */
    default Optional<String> crlUrl(String issuerKeyId) {
        return publicUrl().map(url -> url + "/api/crl/" + issuerKeyId);
    }
}
