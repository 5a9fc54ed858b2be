package org.jams.command.jami;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

import org.jams.command.pki.KeyIds;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Builds the device "announce": an OpenDHT 2.4 signed {@code dht::Value} of type {@code USER_DATA} whose payload is
 * a Jami {@code DeviceAnnouncement} (protocol spec §4.6).
 *
 * <pre>
 * Value = map{ "id": 0, "dat": map{ "body": Body, "sig": bin(signature) } }
 * Body  = map(4){ "seq": 0, "owner": bin(account SPKI DER), "type": 0, "data": bin(payload) }   &lt;- signed bytes
 * payload = map(2){ "dev": bin8(20-byte SHA-1 of device SPKI), "pk": bin(device SPKI DER) }
 * signature = SHA512withRSA(account private key, Body bytes)
 * </pre>
 *
 * <p>The client re-packs Body from the fields it parsed and checks the signature over its own re-packing, so the
 * body is written in msgpack-c's canonical form: fields in exactly this order, smallest encodings (msgpack-core's
 * packer picks them: positive fixint, fixstr, bin8/bin16/bin32 by length), owner as DER (never PEM), no optional
 * {@code to}/{@code utype}. {@code pk} is always included (newer clients require it).
 *
 * <p>The result is deterministic for given keys (PKCS#1 v1.5 signatures have no randomness).
 */
public final class DeviceAnnouncement {

    /** {@code dht::ValueType::USER_DATA}. */
    private static final int USER_DATA_TYPE = 0;
    private static final int SEQ = 0;
    /** Any uint64 is accepted; the DHT assigns a random id when the device puts the value. */
    private static final long VALUE_ID = 0;

    private DeviceAnnouncement() {
    }

    /**
     * Packs and signs the announce of a device.
     *
     * @param accountPublicKey  the account (Jami ID) RSA public key, becomes {@code owner}
     * @param accountPrivateKey its private key, signs the body
     * @param devicePublicKey   the device public key (from the CSR), announced as {@code dev} and {@code pk}
     * @return the msgpack bytes of the {@code dht::Value}
     * @throws IllegalArgumentException if the account keys are not a matching RSA pair
     */
    public static byte[] encode(PublicKey accountPublicKey, PrivateKey accountPrivateKey, PublicKey devicePublicKey) {
        JamiSignatures.requireRsaPair(accountPublicKey, accountPrivateKey);
        Objects.requireNonNull(devicePublicKey, "devicePublicKey");

        byte[] body = packBody(spki(accountPublicKey), packPayload(devicePublicKey));
        byte[] signature = JamiSignatures.sign(accountPrivateKey, body);
        return packValue(body, signature);
    }

    /**
     * Same as {@link #encode}, as standard base64 (RFC 4648 alphabet, padded, no line breaks): the form carried in
     * the {@code announce} member of the device receipt.
     */
    public static String encodeBase64(PublicKey accountPublicKey, PrivateKey accountPrivateKey,
                                      PublicKey devicePublicKey) {
        return Base64.getEncoder().encodeToString(encode(accountPublicKey, accountPrivateKey, devicePublicKey));
    }

    /** {@code MSGPACK_DEFINE_MAP(dev, pk)} of Jami's {@code DeviceAnnouncement}. */
    private static byte[] packPayload(PublicKey devicePublicKey) {
        byte[] pk = spki(devicePublicKey);
        byte[] dev = HexFormat.of().parseHex(KeyIds.sha1Id(devicePublicKey)); // raw InfoHash, 20 bytes
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2);
            packer.packString("dev");
            packBinary(packer, dev);
            packer.packString("pk");
            packBinary(packer, pk);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Value::msgpack_pack_to_sign}: the exact bytes that get signed. */
    private static byte[] packBody(byte[] ownerSpki, byte[] payload) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(4);
            packer.packString("seq");
            packer.packInt(SEQ);
            packer.packString("owner");
            packBinary(packer, ownerSpki);
            packer.packString("type");
            packer.packInt(USER_DATA_TYPE);
            packer.packString("data");
            packBinary(packer, payload);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Value::msgpack_pack}: the body is embedded verbatim so the signed bytes are the ones sent. */
    private static byte[] packValue(byte[] body, byte[] signature) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2);
            packer.packString("id");
            packer.packLong(VALUE_ID);
            packer.packString("dat");
            packer.packMapHeader(2);
            packer.packString("body");
            packer.writePayload(body);
            packer.packString("sig");
            packBinary(packer, signature);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void packBinary(MessageBufferPacker packer, byte[] bytes) throws IOException {
        packer.packBinaryHeader(bytes.length);
        packer.writePayload(bytes);
    }

    private static byte[] spki(PublicKey publicKey) {
        byte[] der = publicKey.getEncoded();
        if (der == null || !"X.509".equals(publicKey.getFormat())) {
            throw new IllegalArgumentException("public key has no DER SubjectPublicKeyInfo encoding: "
                    + publicKey.getFormat());
        }
        return der;
    }
}
