package org.jams.command.jami;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jams.command.pki.KeyIds;

/**
 * Issues the signed device receipt of an enrollment (protocol spec §4.4, §4.5):
 *
 * <pre>
 * {"id":"&lt;account SHA-1 id&gt;","dev":"&lt;device SHA-1 id&gt;","eth":"","announce":"&lt;base64 announce&gt;"}
 * </pre>
 *
 * signed with SHA512withRSA by the account private key over the receipt's UTF-8 bytes. The client keeps the exact
 * receipt string and re-checks the signature, both ids and the announce on every start.
 */
public final class DeviceReceipt {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceReceipt() {
    }

    /**
     * Builds the announce, the receipt around it, and signs the receipt.
     *
     * @param account         the account (Jami ID) RSA key pair held by the server
     * @param devicePublicKey the enrolling device's public key (from its CSR)
     * @throws IllegalArgumentException if the account keys are not a matching RSA pair
     */
    public static SignedReceipt issue(KeyPair account, PublicKey devicePublicKey) {
        Objects.requireNonNull(account, "account");
        PublicKey accountPublicKey = account.getPublic();
        PrivateKey accountPrivateKey = account.getPrivate();
        JamiSignatures.requireRsaPair(accountPublicKey, accountPrivateKey);
        Objects.requireNonNull(devicePublicKey, "devicePublicKey");

        String announce = DeviceAnnouncement.encodeBase64(accountPublicKey, accountPrivateKey, devicePublicKey);
        String receipt = receiptJson(KeyIds.sha1Id(accountPublicKey), KeyIds.sha1Id(devicePublicKey),
                announce);
        byte[] signature = JamiSignatures.sign(accountPrivateKey, receipt.getBytes(StandardCharsets.UTF_8));
        return new SignedReceipt(receipt, Base64.getEncoder().encodeToString(signature));
    }

    /** Compact JSON with exactly the members id, dev, eth (always empty: legacy Ethereum address) and announce. */
    private static String receiptJson(String accountId, String deviceSha1Id, String announceBase64) {
        ObjectNode receipt = JSON.createObjectNode();
        receipt.put("id", accountId);
        receipt.put("dev", deviceSha1Id);
        receipt.put("eth", "");
        receipt.put("announce", announceBase64);
        try {
            return JSON.writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the device receipt", e);
        }
    }
}
