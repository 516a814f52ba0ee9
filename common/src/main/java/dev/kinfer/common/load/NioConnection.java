package dev.kinfer.common.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One non-blocking keep-alive HTTP/1.1 connection driven by a selector thread: writes the prepared
 * request, then reads the status line, the headers and a Content-Length body. It reports each
 * finished exchange to its owner; it never blocks.
 */
public final class NioConnection {
    /** Called on the selector thread. */
    public interface Listener {
        /** An answer arrived: its status, and the due and send times given to {@link #send}. */
        void answered(NioConnection connection, int status, long dueNanos, long sentNanos);

        void failed(NioConnection connection, IOException error);
    }

    private final SocketChannel channel;
    private final SelectionKey key;
    private final ByteBuffer request;
    /** 16 KiB: a thousand connections hold 16 MiB of direct memory; larger answers take several reads. */
    private final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);
    private final byte[] head = new byte[16 * 1024];
    private final Listener listener;
    private int headLength;
    private long bodyLeft = -1;
    private int status;
    private long dueAt;
    private long sentAt;
    private boolean busy;

    /**
     * Connects (blocking, before any clock starts) and registers with the selector.
     *
     * @param request the whole HTTP request, shared by connections (each reads its own duplicate); a direct buffer,
     *                or every write copies the remainder into a temporary one
     */
    public NioConnection(InetSocketAddress server, ByteBuffer request, Selector selector, Listener listener)
            throws IOException {
        this.listener = listener;
        this.request = request.duplicate();
        channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(server);
        channel.configureBlocking(false);
        key = channel.register(selector, 0, this);
    }

    public boolean busy() {
        return busy;
    }

    /** Starts an exchange; latency will count from {@code dueNanos}. */
    public void send(long dueNanos) {
        send(dueNanos, dueNanos);
    }

    /** Starts an exchange due at {@code dueNanos} and begun at {@code sentNanos}; both come back with the answer. */
    public void send(long dueNanos, long sentNanos) {
        busy = true;
        dueAt = dueNanos;
        sentAt = sentNanos;
        request.rewind();
        headLength = 0;
        bodyLeft = -1;
        ready();
    }

    /** Called by the selector thread when the channel can be written or read. */
    public void ready() {
        try {
            if (request.hasRemaining()) {
                channel.write(request);
                key.interestOps(request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                if (request.hasRemaining()) {
                    return;
                }
            }
            int n;
            while ((n = channel.read(in)) > 0) {
                in.flip();
                consume();
                in.clear();
                if (!busy) {
                    return;
                }
            }
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
        } catch (IOException e) {
            busy = false;
            key.cancel();
            listener.failed(this, e);
        }
    }

    private void consume() throws IOException {
        while (in.hasRemaining() && busy) {
            if (bodyLeft < 0) {
                if (headLength == head.length) {
                    throw new IOException("response headers larger than " + head.length + " bytes");
                }
                head[headLength++] = in.get();
                if (headLength >= 4 && head[headLength - 1] == '\n' && head[headLength - 2] == '\r'
                        && head[headLength - 3] == '\n' && head[headLength - 4] == '\r') {
                    parseHead();
                }
            } else {
                int take = (int) Math.min(bodyLeft, in.remaining());
                in.position(in.position() + take);
                bodyLeft -= take;
            }
            if (bodyLeft == 0) {
                busy = false;
                key.interestOps(0);
                listener.answered(this, status, dueAt, sentAt);
            }
        }
    }

    private void parseHead() throws IOException {
        String text = new String(head, 0, headLength, StandardCharsets.US_ASCII);
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
            throw new IOException("not an HTTP answer: '" + text.lines().findFirst().orElse("") + "'");
        }
        status = Integer.parseInt(text.substring(9, 12));
        bodyLeft = 0;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                bodyLeft = Long.parseLong(line.substring(colon + 1).trim());
            } else if (colon > 0 && line.toLowerCase().startsWith("transfer-encoding")) {
                throw new IOException("chunked responses are not supported by this load generator");
            }
        }
    }

    public void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // closing at the end of a run
        }
    }

    /** A whole request in one read-only direct buffer, for connections to share. */
    public static ByteBuffer direct(byte[] request) {
        return ByteBuffer.allocateDirect(request.length).put(request).flip().asReadOnlyBuffer();
    }
}
