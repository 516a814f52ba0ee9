package dev.kinfer.e2e.cluster;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protocol buffers wire format field by field: a tag (field number and wire type) followed by a varint,
 * a 64-bit or 32-bit value, or length-delimited bytes. Enough to walk the few Kubernetes messages the local API
 * server decodes ({@link ProtobufBodies}); it knows no schema.
 */
final class ProtobufReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private int position;
    private final int end;
    private int wireType;

    ProtobufReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    ProtobufReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    boolean hasMore() {
        return position < end;
    }

    /** Reads the next tag and returns its field number; {@link #wireType()} tells how to read the value. */
    int nextField() {
        long tag = varint();
        wireType = (int) (tag & 7);
        int field = (int) (tag >>> 3);
        if (field == 0) {
            throw new IllegalArgumentException("protobuf: field number 0 at byte " + position);
        }
        return field;
    }

    int wireType() {
        return wireType;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = next();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("protobuf: varint longer than 10 bytes");
    }

    /** The value of a length-delimited field (a string, bytes or an embedded message). */
    byte[] bytes() {
        expect(LENGTH_DELIMITED);
        long length = varint();
        if (length < 0 || length > end - position) {
            throw new IllegalArgumentException("protobuf: length " + length + " runs past the end of the message");
        }
        byte[] value = java.util.Arrays.copyOfRange(bytes, position, position + (int) length);
        position += (int) length;
        return value;
    }

    String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** An embedded message, as a reader of its own. */
    ProtobufReader message() {
        return new ProtobufReader(bytes());
    }

    /** Skips the value of the field whose tag was just read. */
    void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> bytes();
            case FIXED32 -> advance(4);
            default -> throw new IllegalArgumentException("protobuf: unsupported wire type " + wireType);
        }
    }

    private void expect(int type) {
        if (wireType != type) {
            throw new IllegalArgumentException("protobuf: wire type " + wireType + " where " + type + " was expected");
        }
    }

    private void advance(int count) {
        if (count > end - position) {
            throw new IllegalArgumentException("protobuf: message truncated");
        }
        position += count;
    }

    private byte next() {
        if (position >= end) {
            throw new IllegalArgumentException("protobuf: message truncated");
        }
        return bytes[position++];
    }
}
