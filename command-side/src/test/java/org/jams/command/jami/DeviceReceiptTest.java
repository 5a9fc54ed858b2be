package org.jams.command.jami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jams.command.jami.MsgpackTree.Node;
import org.junit.jupiter.api.Test;

class DeviceReceiptTest {

    private static final KeyPair ACCOUNT = TestKeys.ACCOUNT;
    private static final KeyPair DEVICE = TestKeys.DEVICE;
    private static final SignedReceipt SIGNED = DeviceReceipt.issue(ACCOUNT, DEVICE.getPublic());

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void receiptIsCompactJsonWithExactlyIdDevEthAnnounceInThatOrder() throws Exception {
        JsonNode receipt = json.readTree(SIGNED.receipt());

        List<String> names = new ArrayList<>();
        receipt.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("id", "dev", "eth", "announce");
        receipt.elements().forEachRemaining(member -> assertThat(member.isTextual()).isTrue());
        assertThat(receipt.get("eth").asText()).isEmpty();
        assertThat(SIGNED.receipt()).startsWith("{\"id\":\"").doesNotContain(" ", "\n");
    }

    @Test
    void receiptIdsAreLowercaseHexSha1OfAccountAndDeviceSubjectPublicKeyInfo() throws Exception {
        JsonNode receipt = json.readTree(SIGNED.receipt());

        assertThat(receipt.get("id").asText()).matches("[0-9a-f]{40}")
                .isEqualTo(BcRsa.sha1Hex(ACCOUNT.getPublic()));
        assertThat(receipt.get("dev").asText()).matches("[0-9a-f]{40}")
                .isEqualTo(BcRsa.sha1Hex(DEVICE.getPublic()));
    }

    @Test
    void announceMemberIsTheBase64AnnounceOfTheSameAccountAndDevice() throws Exception {
        String announce = json.readTree(SIGNED.receipt()).get("announce").asText();

        Node body = MsgpackTree.parse(Base64.getDecoder().decode(announce)).get("dat").get("body");
        Node payload = MsgpackTree.parse(body.get("data").bytes());
        assertThat(body.get("owner").bytes()).isEqualTo(ACCOUNT.getPublic().getEncoded());
        assertThat(payload.get("dev").bytes()).isEqualTo(BcRsa.sha1(DEVICE.getPublic()));
        assertThat(payload.get("pk").bytes()).isEqualTo(DEVICE.getPublic().getEncoded());
    }

    @Test
    void receiptSignatureVerifiesAsSha512RsaByTheAccountKeyOverTheExactUtf8Bytes() {
        byte[] signature = Base64.getDecoder().decode(SIGNED.signatureBase64());

        assertThat(BcRsa.verifySha512(ACCOUNT.getPublic().getEncoded(),
                SIGNED.receipt().getBytes(StandardCharsets.UTF_8), signature)).isTrue();
    }

    @Test
    void receiptSignatureDoesNotVerifyAsSha256() {
        byte[] signature = Base64.getDecoder().decode(SIGNED.signatureBase64());

        assertThat(BcRsa.verifySha256(ACCOUNT.getPublic().getEncoded(),
                SIGNED.receipt().getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @Test
    void receiptSignatureDoesNotVerifyOverARewrittenReceiptOrWithTheDeviceKey() {
        byte[] signature = Base64.getDecoder().decode(SIGNED.signatureBase64());
        byte[] reformatted = SIGNED.receipt().replace("\",\"", "\", \"").getBytes(StandardCharsets.UTF_8);

        assertThat(BcRsa.verifySha512(ACCOUNT.getPublic().getEncoded(), reformatted, signature)).isFalse();
        assertThat(BcRsa.verifySha512(DEVICE.getPublic().getEncoded(),
                SIGNED.receipt().getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @Test
    void receiptSignatureIsStandardPaddedSingleLineBase64() {
        assertThat(SIGNED.signatureBase64()).matches("[A-Za-z0-9+/]+={0,2}");
        assertThat(SIGNED.signatureBase64().length() % 4).isZero();
        assertThat(Base64.getDecoder().decode(SIGNED.signatureBase64())).hasSize(256);
    }

    @Test
    void rejectsAnAccountKeyPairWhoseHalvesDoNotMatch() {
        KeyPair mismatched = new KeyPair(ACCOUNT.getPublic(), TestKeys.OTHER.getPrivate());

        assertThatThrownBy(() -> DeviceReceipt.issue(mismatched, DEVICE.getPublic()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
