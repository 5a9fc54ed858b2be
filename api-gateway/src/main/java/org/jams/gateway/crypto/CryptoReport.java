package org.jams.gateway.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.command.pki.NativeCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * Says which provider signs: one line in the start-up log (a warning when ACCP was wanted and could not load) and
 * {@code crypto} in {@code /actuator/info}, which only admins and auditors read.
 */
@Component
public class CryptoReport implements InfoContributor {

    private static final Logger LOG = LoggerFactory.getLogger(CryptoReport.class);

    public CryptoReport() {
        NativeCrypto.Status status = NativeCrypto.status();
        if (status.fellBack()) {
            LOG.warn(status.describe());
        } else {
            LOG.info(status.describe());
        }
    }

    @Override
    public void contribute(Info.Builder builder) {
        NativeCrypto.Status status = NativeCrypto.status();
        Map<String, Object> crypto = new LinkedHashMap<>();
        crypto.put("signingProvider", status.provider());
        crypto.put("nativeCode", status.nativeCode());
        if (status.reason() != null) {
            crypto.put("reason", status.reason());
        }
        builder.withDetail("crypto", crypto);
    }
}
