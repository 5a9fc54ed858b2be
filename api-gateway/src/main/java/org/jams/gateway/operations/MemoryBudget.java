package org.jams.gateway.operations;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jams.gateway.auth.PasswordHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Says whether the JVM runs within a memory budget: the launcher ({@code jams-server}) sizes the JVM's memory areas
 * from {@code jams.memory} and passes the budget on. One line in the start-up log, a warning when the server was
 * started without a budget or with a heap larger than the launcher would give, and {@code memory} in
 * {@code /actuator/info} (admins and auditors), with how many password hashes may be computed at once in the heap.
 */
@Component
public class MemoryBudget implements InfoContributor {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryBudget.class);
    private static final long MB = 1024 * 1024;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,7})([mMgG])");

    private final DataSize budget;
    private final PasswordHasher passwords;

    public MemoryBudget(@Value("${jams.memory:}") String budget, PasswordHasher passwords) {
        this.passwords = passwords;
        this.budget = budget.isBlank() ? null : parse(budget.trim());
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (this.budget == null) {
            LOG.warn("No memory budget: the JVM may grow its heap to {} MB and keep it. Start the server with the "
                    + "jams-server launcher beside the jar, which keeps it within --jams.memory (512m by default).",
                    maxHeap / MB);
        } else if (maxHeap > this.budget.toBytes() / 2) {
            LOG.warn("The heap may grow to {} MB, more than half of the memory budget of {} MB: the server may "
                    + "exceed its budget.", maxHeap / MB, this.budget.toMegabytes());
        } else {
            Long trimMillis = nativeTrimMillis();
            LOG.info("Memory budget {} MB: heap up to {} MB, class metadata up to {} MB, direct buffers up to {} MB, "
                    + "code cache reserved {} MB (resident only as the JIT fills it), native memory trimmed {}",
                    this.budget.toMegabytes(), maxHeap / MB, flagMegabytes("MaxMetaspaceSize"),
                    flagMegabytes("MaxDirectMemorySize"), flagMegabytes("ReservedCodeCacheSize"),
                    trimMillis == null ? "never" : "every " + trimMillis + " ms");
        }
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("budgetMegabytes", budget == null ? null : budget.toMegabytes());
        memory.put("maxHeapMegabytes", Runtime.getRuntime().maxMemory() / MB);
        memory.put("maxMetaspaceMegabytes", flagMegabytes("MaxMetaspaceSize"));
        memory.put("maxCodeCacheMegabytes", flagMegabytes("ReservedCodeCacheSize"));
        memory.put("maxDirectMemoryMegabytes", flagMegabytes("MaxDirectMemorySize"));
        memory.put("nativeTrimMillis", nativeTrimMillis());
        memory.put("passwordHashingRuns", passwords.concurrentRuns());
        builder.withDetail("memory", memory);
    }

    /** A size as the launcher takes it: 512m, 2g. */
    static DataSize parse(String size) {
        Matcher matcher = SIZE.matcher(size);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("jams.memory must be a size such as 512m or 2g, not '" + size + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equalsIgnoreCase("g") ? DataSize.ofGigabytes(amount) : DataSize.ofMegabytes(amount);
    }

    /**
     * How often the JVM gives the memory freed in glibc's arenas back to the system, in ms; null when it does not
     * (the option unset, or a JDK before 17.0.9 without it).
     */
    private static Long nativeTrimMillis() {
        Long millis = flagValue("TrimNativeHeapInterval");
        return millis == null || millis <= 0 ? null : millis;
    }

    /** A JVM size flag in MB; null when unlimited or unknown (0 means "the JVM's default" for direct memory). */
    private static Long flagMegabytes(String flag) {
        Long bytes = flagValue(flag);
        return bytes == null || bytes <= 0 || bytes >= Long.MAX_VALUE / 2 ? null : bytes / MB;
    }

    /** A numeric JVM flag's value; null when this JVM has no such flag. */
    private static Long flagValue(String flag) {
        try {
            return Long.parseUnsignedLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption(flag).getValue());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
