package org.jams.canary.cycle.right;

import org.jams.canary.cycle.left.LeftCanary;

/** The other half of the deliberate package cycle of {@code LeftCanary}. Never used. */
public final class RightCanary {

    private RightCanary() {
    }

    public static Object other() {
        return LeftCanary.class;
    }
}
