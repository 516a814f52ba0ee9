package dev.kinfer.runtime.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a request body into one byte array: of the declared {@code Content-Length} when there is
 * one, so a 600 KB image is copied once, from the socket's chunks into its final array. (Vert.x's
 * body handler starts at 64 KB and doubles: 2.3 MB allocated and 1 MB copied per ResNet-18 request,
 * then one more copy to get a byte array out.) A body without a length (chunked) grows by doubling.
 * A body over the limit fails the route with 413, once, and the rest of it is discarded as it arrives.
 */
final class BodyReader implements io.vertx.core.Handler<Buffer> {
    private static final int FIRST_CHUNKED_CAPACITY = 16 * 1024;

    private final RoutingContext ctx;
    private final long limit;
    private byte[] bytes;
    private int size;
    private boolean failed;

    private BodyReader(RoutingContext ctx, long limit, long declaredLength) {
        this.ctx = ctx;
        this.limit = limit;
        this.bytes = new byte[declaredLength >= 0 ? (int) declaredLength : (int) Math.min(limit, FIRST_CHUNKED_CAPACITY)];
    }

    /**
     * Reads the body of {@code ctx}'s request and hands it to {@code then} on the event loop.
     * {@code declaredLength} is the request's Content-Length (-1 when there is none), already checked
     * against {@code limit}.
     */
    static void read(RoutingContext ctx, long limit, long declaredLength, Consumer<byte[]> then) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            then.accept(new byte[0]);
            return;
        }
        BodyReader reader = new BodyReader(ctx, limit, declaredLength);
        request.handler(reader);
        request.exceptionHandler(error -> reader.failed = true); // the connection broke: nobody to answer
        request.endHandler(v -> {
            if (!reader.failed) {
                then.accept(reader.size == reader.bytes.length ? reader.bytes : Arrays.copyOf(reader.bytes, reader.size));
            }
        });
        request.resume();
    }

    @Override
    public void handle(Buffer chunk) {
        if (failed) {
            return;
        }
        int length = chunk.length();
        if (size + (long) length > limit) {
            failed = true;
            ctx.fail(413);
            return;
        }
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(size + (long) length, 2L * bytes.length)));
        }
        chunk.getBytes(0, length, bytes, size);
        size += length;
    }
}
