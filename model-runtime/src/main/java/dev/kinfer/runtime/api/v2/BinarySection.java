package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.Datatype;
import dev.kinfer.runtime.model.Shapes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary part of a body using the binary tensor data extension: inputs with {@code
 * binary_data_size} take that many bytes from it, in input order, and nothing may be left over.
 * The extension's bytes are little-endian; tensors here are native-order, which is the same on
 * every platform this runtime ships for (x86-64, aarch64), and checked below.
 */
final class BinarySection {
    private final ByteBuffer bytes;

    BinarySection(ByteBuffer bytes) {
        this.bytes = bytes;
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("the binary tensor extension needs a little-endian platform");
        }
    }

    ByteBuffer take(JsonNode size, long expected, Datatype type, long[] shape, String field) {
        if (!size.isIntegralNumber() || size.asLong() < 0) {
            throw new InvalidRequestException(field + ".parameters.binary_data_size is " + size
                    + " but must be a non-negative integer");
        }
        long declared = size.asLong();
        if (declared != expected) {
            throw new InvalidRequestException(field + ".parameters.binary_data_size is " + declared + " but shape "
                    + Shapes.format(shape) + " of " + type + " needs " + expected + " bytes");
        }
        if (bytes == null) {
            throw new InvalidRequestException(field + ".parameters.binary_data_size is set but the request has no binary"
                    + " data: send the Inference-Header-Content-Length header with the length of the JSON part");
        }
        if (bytes.remaining() < declared) {
            throw new InvalidRequestException(field + " needs " + declared + " bytes of binary data but only "
                    + bytes.remaining() + " are left in the body (truncated binary payload)");
        }
        ByteBuffer direct = ByteBuffer.allocateDirect((int) declared).order(ByteOrder.nativeOrder());
        ByteBuffer slice = bytes.slice(bytes.position(), (int) declared);
        direct.put(slice).flip();
        bytes.position(bytes.position() + (int) declared);
        return direct;
    }

    void requireConsumed() {
        if (bytes != null && bytes.hasRemaining()) {
            throw new InvalidRequestException("the body has " + bytes.remaining() + " bytes of binary data that no input"
                    + " claims; the inputs' parameters.binary_data_size must add up to the binary part");
        }
    }
}
