package org.jams.command.jami;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * Generic msgpack reader for the tests: walks any document with msgpack-core's {@link MessageUnpacker} and keeps,
 * for every value, its wire format and the offset of its header, so tests can check encodings, not just values.
 * Maps keep their wire order; only string keys are supported (as in OpenDHT values).
 */
final class MsgpackTree {

    /** One decoded value: {@code Long}, {@code String}, {@code byte[]}, {@code Map<String, Node>} or {@code null}. */
    record Node(MessageFormat format, int offset, int end, Object value) {

        @SuppressWarnings("unchecked")
        Map<String, Node> map() {
            return (Map<String, Node>) value;
        }

        Node get(String key) {
            Node child = map().get(key);
            if (child == null) {
                throw new AssertionError("missing key " + key + " in " + map().keySet());
            }
            return child;
        }

        byte[] bytes() {
            return (byte[]) value;
        }

        long longValue() {
            return (Long) value;
        }
    }

    private MsgpackTree() {
    }

    static Node parse(byte[] bytes) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            Node root = read(unpacker);
            if (unpacker.hasNext()) {
                throw new AssertionError("trailing bytes after offset " + unpacker.getTotalReadBytes());
            }
            return root;
        } catch (IOException e) {
            throw new AssertionError("not valid msgpack", e);
        }
    }

    private static Node read(MessageUnpacker unpacker) throws IOException {
        int offset = (int) unpacker.getTotalReadBytes();
        MessageFormat format = unpacker.getNextFormat();
        Object value = switch (format.getValueType()) {
            case MAP -> {
                int size = unpacker.unpackMapHeader();
                Map<String, Node> entries = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    MessageFormat keyFormat = unpacker.getNextFormat();
                    if (keyFormat != MessageFormat.FIXSTR) {
                        throw new AssertionError("map key is " + keyFormat + ", expected fixstr");
                    }
                    String key = unpacker.unpackString();
                    if (entries.put(key, read(unpacker)) != null) {
                        throw new AssertionError("duplicate map key " + key);
                    }
                }
                yield entries;
            }
            case BINARY -> unpacker.readPayload(unpacker.unpackBinaryHeader());
            case INTEGER -> unpacker.unpackLong();
            case STRING -> unpacker.unpackString();
            case NIL -> {
                unpacker.unpackNil();
                yield null;
            }
            default -> throw new AssertionError("unexpected msgpack format " + format);
        };
        return new Node(format, offset, (int) unpacker.getTotalReadBytes(), value);
    }
}
