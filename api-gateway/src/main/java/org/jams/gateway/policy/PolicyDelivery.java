package org.jams.gateway.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.api.policy.PolicyCommands.RecordPolicyDeliveryCommand;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.axon.Commands;
import org.jams.query.database.PendingRead;
import org.jams.query.policy.EffectiveSettings;
import org.jams.query.policy.PolicyReader;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * What a person's devices are given: their effective settings, as flat strings (protocol doc §3.3), at enrollment
 * and from {@code /api/auth/policyData}; a device's history records each change of the blueprint versions it got.
 */
@Component
public class PolicyDelivery {

    private final PolicyReader policies;
    private final Commands commands;

    public PolicyDelivery(PolicyReader policies, Commands commands) {
        this.policies = policies;
        this.commands = commands;
    }

    /** Blocking. */
    public EffectiveSettings settingsOf(String username) {
        return policies.effectiveSettings(username);
    }

    /** {@link #settingsOf} as a read to run with others ({@link org.jams.query.database.OneRoundTrip}). */
    public PendingRead<EffectiveSettings> read(String username) {
        return policies.effectiveSettingsRead(username);
    }

    /**
     * The settings for a device that asked for them, its delivery recorded when the versions changed. Blocking.
     */
    public Map<String, String> deliver(Caller device, ServerWebExchange exchange) {
        EffectiveSettings settings = policies.effectiveSettings(device.subject());
        commands.sendFromBlockingThread(new RecordPolicyDeliveryCommand(device.subject(), device.deviceId(),
                settings.delivered()), device, exchange);
        return new LinkedHashMap<>(settings.settings());
    }
}
