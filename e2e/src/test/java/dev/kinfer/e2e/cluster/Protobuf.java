package dev.kinfer.e2e.cluster;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds protobuf messages byte by byte, per the wire format, for the decoder's tests. */
final class Protobuf {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Protobuf message() {
        return new Protobuf();
    }

    Protobuf string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Protobuf bytes(int field, byte[] value) {
        tag(field, ProtobufReader.LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    Protobuf message(int field, Protobuf message) {
        return bytes(field, message.build());
    }

    /** A map entry {1: key, 2: value} of a map field. */
    Protobuf entry(int field, String key, String value) {
        return message(field, message().string(1, key).string(2, value));
    }

    Protobuf entry(int field, String key, byte[] value) {
        return message(field, message().string(1, key).bytes(2, value));
    }

    Protobuf varint(int field, long value) {
        tag(field, ProtobufReader.VARINT);
        varint(value);
        return this;
    }

    Protobuf fixed64(int field, long value) {
        tag(field, ProtobufReader.FIXED64);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    Protobuf fixed32(int field, int value) {
        tag(field, ProtobufReader.FIXED32);
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    /** {@code k8s\0} followed by a runtime.Unknown holding the object. */
    static byte[] kubernetes(String apiVersion, String kind, Protobuf object) {
        byte[] unknown = message().message(1, message().string(1, apiVersion).string(2, kind))
                .bytes(2, object.build()).string(3, "").string(4, "").build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {'k', '8', 's', 0});
        body.writeBytes(unknown);
        return body.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
