package org.jams.gateway.axon;

import java.util.List;
import org.jams.query.devices.DeviceProjection;
import org.jams.query.revocations.RevokedCertificateProjection;
import org.jams.query.setup.SetupProjection;
import org.jams.query.users.UserDirectoryProjection;

/** The processors that build the read models. */
public final class Projections {

    public static final List<String> NAMES = List.of(SetupProjection.NAME, UserDirectoryProjection.NAME,
            DeviceProjection.NAME, RevokedCertificateProjection.NAME);

    private Projections() {
    }
}
