package org.jams.canary.cycle.left;

import org.jams.canary.cycle.right.RightCanary;

/** Half of a deliberate package cycle, so {@code ArchitectureTest} can prove its cycle rule fires. Never used. */
public final class LeftCanary {

    private LeftCanary() {
    }

    public static Object other() {
        return RightCanary.class;
    }
}
