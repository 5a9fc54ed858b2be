package org.jams.command.jami;

import java.util.Objects;

/**
 * A device receipt and its signature, as sent to the client in {@code deviceReceipt} and {@code receiptSignature}
 * (protocol spec §3.3, §4.4).
 *
 * @param receipt         the receipt JSON document; the signature covers exactly its UTF-8 bytes, so it must be stored
 *                        and sent verbatim, never re-serialized
 * @param signatureBase64 standard base64 (padded, no line breaks) of SHA512withRSA by the account key over
 *                        {@code receipt}
 */
public record SignedReceipt(String receipt, String signatureBase64) {

    public SignedReceipt {
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(signatureBase64, "signatureBase64");
    }
}
