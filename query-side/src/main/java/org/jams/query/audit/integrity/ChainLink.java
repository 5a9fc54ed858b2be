package org.jams.query.audit.integrity;

/** A row of {@code audit_chain}: the event at {@code globalIndex}, its event hash and the chain hash up to it. */
public record ChainLink(long globalIndex, byte[] eventHash, byte[] chainHash) {
}
