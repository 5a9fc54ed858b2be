package org.jams.query.audit.integrity;

/**
 * The verdict of {@code verify}: valid, or the first global index ({@code firstBrokenSequence}) at which stored
 * history provably differs from what was signed, with a sentence saying how. {@code checkedEvents} counts the events
 * checked before the verdict; {@code coveredFrom}..{@code coveredTo} is the range of global indexes checked;
 * {@code lastCheckpoint} is the sequence of the last signed checkpoint that was verified (history up to it can no
 * longer be changed unnoticed, whoever writes to the database), null if none was reached.
 */
public record VerificationReport(boolean valid, long checkedEvents, Long firstBrokenSequence, String reason,
                                 Long coveredFrom, Long coveredTo, Long lastCheckpoint, String publicKeyFingerprint) {
}
