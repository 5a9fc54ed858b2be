package org.jams.query.audit.integrity;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.Canonical;
import org.jams.command.audit.StoredEvent;

/**
 * Verifies stored history, from the database or from an export, in one pass in global order. Each position holds the
 * stored event and/or the stored chain link at that global index. Checked, in this order, at each position:
 * <ol>
 *   <li>a signed checkpoint whose event is missing (deleted) fails at its sequence;</li>
 *   <li>a chain link without its event: the event was deleted;</li>
 *   <li>the event's Ed25519 signature over its canonical content (changed or forged rows);</li>
 *   <li>its event id is not a repeat (a copy of a legitimate row under a new index);</li>
 *   <li>per aggregate, sequence numbers follow 0, 1, 2, ... in global order (events of one aggregate removed or
 *       reordered, even where not yet chained);</li>
 *   <li>the recomputed event hash and chain hash equal the stored chain link (rows changed, swapped, removed or
 *       inserted); an event without a link below the chain head was inserted after chaining;</li>
 *   <li>at a checkpoint's sequence, its signature is valid and the recomputed chain hash equals the signed one. This
 *       is what someone who rewrites {@code audit_chain} to match their edits cannot get past;</li>
 *   <li>at the end, a checkpoint beyond the last stored event means the tail was cut off.</li>
 * </ol>
 * The first failure ends verification. Signatures are checked in parallel batches; the chain is sequential.
 */
public final class IntegrityVerifier {

    /** One global index: the stored event (null if absent) and the stored chain link (null if none). */
    public record Entry(long globalIndex, StoredEvent event, ChainLink link) {
    }

    private static final int BATCH = 512;

    private final PublicKey key;
    private final List<Checkpoint> checkpoints;
    private final long chainHead;
    private final Map<String, Long> eventIds = new HashMap<>();
    private final Map<String, Long> aggregateSequences = new HashMap<>();

    private byte[] chain = Canonical.genesis();
    private long lastIndex = Long.MIN_VALUE;
    private long checked;
    private long unchained;
    private Long coveredFrom;
    private Long coveredTo;
    private int nextCheckpoint;
    private Checkpoint lastVerifiedCheckpoint;

    private IntegrityVerifier(PublicKey key, List<Checkpoint> checkpoints, long chainHead) {
        this.key = key;
        this.checkpoints = checkpoints.stream()
                .sorted(java.util.Comparator.comparingLong(Checkpoint::sequence)).toList();
        this.chainHead = chainHead;
    }

    /**
     * @param entries     every global index that has an event or a chain link, in increasing order
     * @param chainHead   the highest global index with a chain link (0 if none)
     * @param checkpoints the signed checkpoints, in any order
     */
    public static VerificationReport verify(Iterator<Entry> entries, long chainHead, List<Checkpoint> checkpoints,
                                            PublicKey key) {
        return new IntegrityVerifier(key, checkpoints, chainHead).run(entries);
    }

    private record Checked(Entry entry, Canonical.Digest digest, boolean signatureValid) {
    }

    /** A broken link: ends verification. */
    private static final class Broken extends Exception {
        final long sequence;

        Broken(long sequence, String reason) {
            super(reason, null, false, false);
            this.sequence = sequence;
        }
    }

    private VerificationReport run(Iterator<Entry> entries) {
        try {
            List<Entry> batch = new ArrayList<>(BATCH);
            while (entries.hasNext()) {
                batch.add(entries.next());
                if (batch.size() == BATCH || !entries.hasNext()) {
                    List<Checked> results = batch.parallelStream().map(this::checkSignature).toList();
                    for (Checked result : results) {
                        position(result);
                    }
                    batch.clear();
                }
            }
            finish();
            return new VerificationReport(true, checked, null, successReason(), coveredFrom, coveredTo,
                    lastCheckpointSequence(), AuditKeys.fingerprint(key));
        } catch (Broken broken) {
            return new VerificationReport(false, checked, broken.sequence, broken.getMessage(), coveredFrom,
                    coveredTo, lastCheckpointSequence(), AuditKeys.fingerprint(key));
        }
    }

    private Checked checkSignature(Entry entry) {
        if (entry.event() == null) {
            return new Checked(entry, null, false);
        }
        Canonical.Digest digest = Canonical.digest(entry.event());
        boolean valid = false;
        if (digest.problem() == null && digest.signature() != null) {
            try {
                valid = AuditKeys.verify(key, digest.signedContent(), Base64.getDecoder().decode(digest.signature()));
            } catch (IllegalArgumentException notBase64) {
                valid = false;
            }
        }
        return new Checked(entry, digest, valid);
    }

    private void position(Checked checkedEntry) throws Broken {
        Entry entry = checkedEntry.entry();
        long index = entry.globalIndex();
        missingCheckpointEvents(index);
        if (index <= lastIndex) {
            throw new Broken(index, "Global index " + index + " comes after " + lastIndex
                    + ": the events are not in global order (reordered).");
        }
        StoredEvent event = entry.event();
        if (event == null) {
            throw new Broken(index, "The event at global index " + index + " was deleted: audit_chain holds its "
                    + "hash but the event store has no such row.");
        }
        Canonical.Digest digest = checkedEntry.digest();
        if (digest.problem() != null) {
            throw new Broken(index, "The row at global index " + index + " is not a readable event: "
                    + digest.problem() + ".");
        }
        if (digest.signature() == null) {
            throw new Broken(index, "The row at global index " + index + " has no audit signature: it was inserted "
                    + "or rewritten without the audit key.");
        }
        if (!checkedEntry.signatureValid()) {
            throw new Broken(index, "The audit signature of the row at global index " + index + " (event "
                    + event.eventIdentifier() + ") does not match its content: the row was changed or forged.");
        }
        Long first = eventIds.putIfAbsent(event.eventIdentifier(), index);
        if (first != null) {
            throw new Broken(index, "The row at global index " + index + " repeats event " + event.eventIdentifier()
                    + " of the row at global index " + first + ": a copy of a legitimate event was inserted.");
        }
        if (event.isAggregateEvent()) {
            Long previous = aggregateSequences.put(event.aggregateIdentifier(), event.sequenceNumber());
            long expected = previous == null ? 0 : previous + 1;
            if (event.sequenceNumber() != expected) {
                throw new Broken(index, "Event " + event.sequenceNumber() + " of " + event.type() + " "
                        + event.aggregateIdentifier() + " at global index " + index + (previous == null
                        ? " is the first of that aggregate in the store: its earlier events were removed or moved."
                        : " follows its event " + previous + ": events of that aggregate were removed or reordered."));
            }
        }
        chain = Canonical.chainHash(chain, index, digest.eventHash());
        ChainLink link = entry.link();
        if (link != null) {
            if (!Arrays.equals(link.eventHash(), digest.eventHash())) {
                throw new Broken(index, "The row at global index " + index + " is not the event that was chained at "
                        + "that position: it was changed, swapped with another row or replaced.");
            }
            if (!Arrays.equals(link.chainHash(), chain)) {
                throw new Broken(index, "The chain link at global index " + index + " does not follow from the events "
                        + "before it: an earlier event was removed or inserted, or audit_chain was rewritten.");
            }
        } else if (index < chainHead) {
            throw new Broken(index, "The row at global index " + index + " is not in the audit chain although later "
                    + "events are: it was inserted after they were chained.");
        } else {
            unchained++;
        }
        checked++;
        if (coveredFrom == null) {
            coveredFrom = index;
        }
        coveredTo = index;
        lastIndex = index;
        while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).sequence() == index) {
            Checkpoint checkpoint = checkpoints.get(nextCheckpoint);
            requireSigned(checkpoint);
            if (!Arrays.equals(checkpoint.chainHash(), chain)) {
                throw new Broken(index, "History up to global index " + index + " does not match the checkpoint "
                        + "signed at " + Checkpoint.formatTime(checkpoint.createdAt()) + ": an event after "
                        + (lastVerifiedCheckpoint == null ? "the start"
                        : "the previous checkpoint (" + lastVerifiedCheckpoint.sequence() + ")")
                        + " and up to " + index + " was changed, removed, inserted or reordered, and audit_chain "
                        + "was rewritten to hide it.");
            }
            lastVerifiedCheckpoint = checkpoint;
            nextCheckpoint++;
        }
    }

    /** Checkpoints below {@code index} that were not reached: their event is not in the store. */
    private void missingCheckpointEvents(long index) throws Broken {
        if (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).sequence() < index) {
            Checkpoint checkpoint = checkpoints.get(nextCheckpoint);
            requireSigned(checkpoint);
            throw new Broken(checkpoint.sequence(), "The event at global index " + checkpoint.sequence()
                    + ", covered by the checkpoint signed at " + Checkpoint.formatTime(checkpoint.createdAt())
                    + ", is not in the store: it was deleted.");
        }
    }

    private void requireSigned(Checkpoint checkpoint) throws Broken {
        if (!checkpoint.signatureValid(key)) {
            throw new Broken(checkpoint.sequence(), "The checkpoint at global index " + checkpoint.sequence()
                    + " is not signed by this audit key: it was forged or altered.");
        }
    }

    private void finish() throws Broken {
        if (nextCheckpoint < checkpoints.size()) {
            Checkpoint checkpoint = checkpoints.get(checkpoints.size() - 1);
            requireSigned(checkpoint);
            long firstMissing = lastIndex == Long.MIN_VALUE ? 1 : lastIndex + 1;
            throw new Broken(firstMissing, "The store ends " + (lastIndex == Long.MIN_VALUE ? "empty"
                    : "at global index " + lastIndex) + " but the checkpoint signed at "
                    + Checkpoint.formatTime(checkpoint.createdAt()) + " covers events up to " + checkpoint.sequence()
                    + ": the tail was cut off.");
        }
    }

    private Long lastCheckpointSequence() {
        return Optional.ofNullable(lastVerifiedCheckpoint).map(Checkpoint::sequence).orElse(null);
    }

    private String successReason() {
        if (checked == 0) {
            return "The event store is empty: nothing to verify.";
        }
        StringBuilder reason = new StringBuilder();
        reason.append("All ").append(checked).append(" events from global index ").append(coveredFrom).append(" to ")
                .append(coveredTo).append(" carry a valid audit signature");
        if (checked > unchained) {
            reason.append(", ").append(checked - unchained).append(" are chained");
        }
        if (lastVerifiedCheckpoint != null) {
            reason.append(", and history up to ").append(lastVerifiedCheckpoint.sequence())
                    .append(" matches the checkpoint signed at ")
                    .append(Checkpoint.formatTime(lastVerifiedCheckpoint.createdAt()));
        } else {
            reason.append("; no signed checkpoint yet, so a cut-off tail would go unnoticed");
        }
        reason.append('.');
        if (unchained > 0) {
            reason.append(' ').append(unchained).append(" recent event").append(unchained == 1 ? " is" : "s are")
                    .append(" not chained yet.");
        }
        return reason.toString();
    }
}
