package org.jams.command.jami;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The flat JSON object answered to a successful {@code POST /api/auth/device} (protocol spec §3.3).
 *
 * <p>Every top-level value must be a JSON scalar (the client calls jsoncpp {@code asString()} on each member and
 * aborts the enrollment on an object or array), hence a {@code Map<String, String>}.
 *
 * @param devicePem  the device certificate PEM (issued by the account key)
 * @param accountPem the account certificate PEM (a CA, issued by the organisation CA)
 * @param caPem      the organisation CA certificate PEM; {@code null} leaves it out of the chain (the client accepts
 *                   a chain without it)
 * @param receipt    the signed device receipt
 * @param nameServer name server base URL; a value starting with {@code /} is prefixed by the client with its
 *                   manager URI (e.g. {@code /api/nameserver})
 * @param displayName the user's display name, sent as both {@code displayName} (early clients) and
 *                    {@code Account.displayName} (current clients)
 * @param userPhoto  base64 avatar image, or {@code null}/empty for none (the key is then omitted)
 */
public record EnrollmentResponse(String devicePem, String accountPem, String caPem, SignedReceipt receipt,
                                 String nameServer, String displayName, String userPhoto) {

    public static final String CERTIFICATE_CHAIN = "certificateChain";
    public static final String DEVICE_RECEIPT = "deviceReceipt";
    public static final String RECEIPT_SIGNATURE = "receiptSignature";
    public static final String NAME_SERVER = "nameServer";
    public static final String DISPLAY_NAME = "displayName";
    public static final String ACCOUNT_DISPLAY_NAME = "Account.displayName";
    public static final String USER_PHOTO = "userPhoto";

    public EnrollmentResponse {
        requireText(devicePem, "devicePem");
        requireText(accountPem, "accountPem");
        if (caPem != null) {
            requireText(caPem, "caPem");
        }
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(nameServer, "nameServer");
        Objects.requireNonNull(displayName, "displayName");
    }

    /**
     * The response members, in a new insertion-ordered, mutable map: {@code certificateChain}, {@code deviceReceipt},
     * {@code receiptSignature}, {@code nameServer}, {@code displayName}, {@code Account.displayName}, then
     * {@code userPhoto} when given. Callers may add further daemon config keys (§3.6) as strings.
     */
    public Map<String, String> toMap() {
        Map<String, String> response = new LinkedHashMap<>();
        response.put(CERTIFICATE_CHAIN, certificateChain());
        response.put(DEVICE_RECEIPT, receipt.receipt());
        response.put(RECEIPT_SIGNATURE, receipt.signatureBase64());
        response.put(NAME_SERVER, nameServer);
        response.put(DISPLAY_NAME, displayName);
        response.put(ACCOUNT_DISPLAY_NAME, displayName);
        if (userPhoto != null && !userPhoto.isEmpty()) {
            response.put(USER_PHOTO, userPhoto);
        }
        return response;
    }

    /**
     * Device, account, then CA PEM. The client parses the chain as sorted (each issuer must be the next subject), so
     * the order is fixed; each PEM is ended by a line break so that END/BEGIN lines never run together.
     */
    public String certificateChain() {
        StringBuilder chain = new StringBuilder();
        appendPem(chain, devicePem);
        appendPem(chain, accountPem);
        if (caPem != null) {
            appendPem(chain, caPem);
        }
        return chain.toString();
    }

    private static void appendPem(StringBuilder chain, String pem) {
        chain.append(pem);
        if (!pem.endsWith("\n")) {
            chain.append('\n');
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
