package org.jams.command.pki;

import java.util.Optional;

/** Where relying parties reach this server about its certificates, from the server settings' public URL. */
public interface CertificateLocations {

    /** No public URL: certificates name no responder. */
    CertificateLocations NONE = Optional::empty;

    /** The OCSP responder new device certificates name, if the server has a public URL. */
    Optional<String> ocspUrl();
}
