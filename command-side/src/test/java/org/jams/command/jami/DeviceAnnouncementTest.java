package org.jams.command.jami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;

import org.jams.command.jami.MsgpackTree.Node;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.value.ValueType;

class DeviceAnnouncementTest {

    private static final KeyPair ACCOUNT = TestKeys.ACCOUNT;
    private static final KeyPair DEVICE = TestKeys.DEVICE;
    private static final byte[] ANNOUNCE =
            DeviceAnnouncement.encode(ACCOUNT.getPublic(), ACCOUNT.getPrivate(), DEVICE.getPublic());

    @Test
    void valueIsAMapOfIdAndDatWhoseDatHoldsExactlyBodyAndSig() {
        Node value = MsgpackTree.parse(ANNOUNCE);

        assertThat(value.format()).isEqualTo(MessageFormat.FIXMAP);
        assertThat(value.map()).containsOnlyKeys("id", "dat");
        Node dat = value.get("dat");
        assertThat(dat.format()).isEqualTo(MessageFormat.FIXMAP);
        assertThat(dat.map().keySet()).containsExactly("body", "sig");
        assertThat(dat.get("sig").format().getValueType()).isEqualTo(ValueType.BINARY);
        assertThat(dat.get("sig").bytes()).hasSize(256);
    }

    @Test
    void bodyHasExactlyFourEntriesInOrderSeqOwnerTypeData() {
        Node body = MsgpackTree.parse(ANNOUNCE).get("dat").get("body");

        assertThat(body.format()).isEqualTo(MessageFormat.FIXMAP);
        assertThat(ANNOUNCE[body.offset()]).isEqualTo((byte) 0x84);
        assertThat(body.map().keySet()).containsExactly("seq", "owner", "type", "data");
        assertThat(body.get("seq").longValue()).isZero();
        assertThat(body.get("type").longValue()).isZero();
        assertThat(body.get("owner").format().getValueType()).isEqualTo(ValueType.BINARY);
        assertThat(body.get("data").format().getValueType()).isEqualTo(ValueType.BINARY);
    }

    @Test
    void smallIntsIdSeqAndTypeArePackedAsSingleBytePositiveFixintZero() {
        Node value = MsgpackTree.parse(ANNOUNCE);
        Node body = value.get("dat").get("body");

        for (Node zero : new Node[] {value.get("id"), body.get("seq"), body.get("type")}) {
            assertThat(zero.format()).isEqualTo(MessageFormat.POSFIXINT);
            assertThat(zero.end() - zero.offset()).isEqualTo(1);
            assertThat(ANNOUNCE[zero.offset()]).isEqualTo((byte) 0x00);
        }
    }

    @Test
    void ownerIsTheAccountPublicKeyAsDerSubjectPublicKeyInfo() {
        Node body = MsgpackTree.parse(ANNOUNCE).get("dat").get("body");

        assertThat(body.get("owner").bytes()).isEqualTo(ACCOUNT.getPublic().getEncoded());
        assertThat(body.get("owner").bytes()[0]).as("DER SEQUENCE, not PEM text").isEqualTo((byte) 0x30);
    }

    @Test
    void payloadHasDevAsBin8OfExactlyTwentyRawSha1BytesThenPk() {
        byte[] data = MsgpackTree.parse(ANNOUNCE).get("dat").get("body").get("data").bytes();
        Node payload = MsgpackTree.parse(data);

        assertThat(payload.format()).isEqualTo(MessageFormat.FIXMAP);
        assertThat(payload.map().keySet()).containsExactly("dev", "pk");
        Node dev = payload.get("dev");
        assertThat(dev.format()).isEqualTo(MessageFormat.BIN8);
        assertThat(Arrays.copyOfRange(data, dev.offset(), dev.offset() + 2))
                .containsExactly((byte) 0xc4, (byte) 0x14);
        assertThat(dev.bytes()).hasSize(20).isEqualTo(BcRsa.sha1(DEVICE.getPublic()));
    }

    @Test
    void pkIsTheDevicePublicKeyAsDerSubjectPublicKeyInfo() {
        byte[] data = MsgpackTree.parse(ANNOUNCE).get("dat").get("body").get("data").bytes();

        assertThat(MsgpackTree.parse(data).get("pk").bytes()).isEqualTo(DEVICE.getPublic().getEncoded());
    }

    @Test
    void signatureVerifiesWithOwnerKeyOverTheClientsOwnRepackingOfTheBody() throws IOException {
        Node dat = MsgpackTree.parse(ANNOUNCE).get("dat");
        Node body = dat.get("body");

        byte[] repacked = repackBody(body.get("seq").longValue(), body.get("owner").bytes(),
                body.get("type").longValue(), body.get("data").bytes());

        assertThat(BcRsa.verifySha512(body.get("owner").bytes(), repacked, dat.get("sig").bytes())).isTrue();
    }

    @Test
    void signedBodyBytesInTheValueAreExactlyTheCanonicalRepacking() throws IOException {
        Node body = MsgpackTree.parse(ANNOUNCE).get("dat").get("body");

        byte[] repacked = repackBody(body.get("seq").longValue(), body.get("owner").bytes(),
                body.get("type").longValue(), body.get("data").bytes());

        assertThat(Arrays.copyOfRange(ANNOUNCE, body.offset(), body.end())).isEqualTo(repacked);
    }

    @Test
    void signatureDoesNotVerifyOverAlteredBodyOrWithAnotherKey() throws IOException {
        Node dat = MsgpackTree.parse(ANNOUNCE).get("dat");
        Node body = dat.get("body");
        byte[] signature = dat.get("sig").bytes();

        byte[] otherSeq = repackBody(1, body.get("owner").bytes(), 0, body.get("data").bytes());
        byte[] repacked = repackBody(0, body.get("owner").bytes(), 0, body.get("data").bytes());

        assertThat(BcRsa.verifySha512(body.get("owner").bytes(), otherSeq, signature)).isFalse();
        assertThat(BcRsa.verifySha512(TestKeys.OTHER.getPublic().getEncoded(), repacked, signature)).isFalse();
    }

    @Test
    void signatureHashIsSha512SoASha256VerifierRejectsIt() {
        Node dat = MsgpackTree.parse(ANNOUNCE).get("dat");
        Node body = dat.get("body");
        byte[] signed = Arrays.copyOfRange(ANNOUNCE, body.offset(), body.end());

        assertThat(BcRsa.verifySha256(body.get("owner").bytes(), signed, dat.get("sig").bytes())).isFalse();
        assertThat(BcRsa.verifySha512(body.get("owner").bytes(), signed, dat.get("sig").bytes())).isTrue();
    }

    @Test
    void encodingIsDeterministicForTheSameKeys() {
        assertThat(DeviceAnnouncement.encode(ACCOUNT.getPublic(), ACCOUNT.getPrivate(), DEVICE.getPublic()))
                .isEqualTo(ANNOUNCE);
    }

    @Test
    void base64VariantIsStandardPaddedSingleLineBase64OfTheSameBytes() {
        String base64 =
                DeviceAnnouncement.encodeBase64(ACCOUNT.getPublic(), ACCOUNT.getPrivate(), DEVICE.getPublic());

        assertThat(base64).matches("[A-Za-z0-9+/]+={0,2}");
        assertThat(base64.length() % 4).isZero();
        assertThat(Base64.getDecoder().decode(base64)).isEqualTo(ANNOUNCE);
    }

    @Test
    void rejectsAccountKeysThatDoNotFormAPair() {
        assertThatThrownBy(() -> DeviceAnnouncement.encode(ACCOUNT.getPublic(), TestKeys.OTHER.getPrivate(),
                DEVICE.getPublic()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rsa4096AnnounceIs1696BytesWithTheDocumentedLayout() {
        KeyPair account = TestKeys.rsa(4096);
        KeyPair device = TestKeys.rsa(4096);

        byte[] announce = DeviceAnnouncement.encode(account.getPublic(), account.getPrivate(), device.getPublic());

        assertThat(announce).hasSize(1696);
        Node dat = MsgpackTree.parse(announce).get("dat");
        Node body = dat.get("body");
        assertThat(body.offset()).isEqualTo(0x000f);
        assertThat(body.end()).isEqualTo(0x0499);
        assertThat(header(announce, body.get("owner"))).containsExactly(0xc5, 0x02, 0x26);
        assertThat(body.get("owner").offset()).isEqualTo(0x001b);
        assertThat(header(announce, body.get("data"))).containsExactly(0xc5, 0x02, 0x47);
        assertThat(body.get("data").offset()).isEqualTo(0x024f);
        assertThat(header(announce, dat.get("sig"))).containsExactly(0xc5, 0x02, 0x00);
        assertThat(dat.get("sig").offset()).isEqualTo(0x049d);
        assertThat(BcRsa.verifySha512(account.getPublic().getEncoded(),
                Arrays.copyOfRange(announce, body.offset(), body.end()), dat.get("sig").bytes())).isTrue();
    }

    private static int[] header(byte[] bytes, Node node) {
        return new int[] {bytes[node.offset()] & 0xff, bytes[node.offset() + 1] & 0xff,
                bytes[node.offset() + 2] & 0xff};
    }

    /** What OpenDHT's {@code Value::msgpack_pack_to_sign} produces from the parsed fields (msgpack-c, smallest forms). */
    private static byte[] repackBody(long seq, byte[] owner, long type, byte[] data) throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(4);
            packer.packString("seq").packLong(seq);
            packer.packString("owner").packBinaryHeader(owner.length).writePayload(owner);
            packer.packString("type").packLong(type);
            packer.packString("data").packBinaryHeader(data.length).writePayload(data);
            return packer.toByteArray();
        }
    }
}
