package dev.kinfer.runtime.fetch;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on 127.0.0.1 that answers every GET with the next scripted status (then 200 for ever) and
 * serves one file's bytes with a 200. It records what it received, for tests to check headers.
 */
final class FileServer implements AutoCloseable {

    /** What one request looked like: its path as sent, and its headers. */
    record Received(String method, String rawPath, Headers headers) {
    }

    private final HttpServer server;
    private final byte[] body;
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile boolean chunked;
    private final java.util.Map<String, byte[]> others = new java.util.concurrent.ConcurrentHashMap<>();

    FileServer(byte[] body) throws IOException {
        this.body = body;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The next requests get these statuses (with a short text body), in order; then 200 with the file. */
    FileServer answering(Integer... first) {
        synchronized (statuses) {
            statuses.addAll(List.of(first));
        }
        return this;
    }

    /** Serve these bytes at this path instead of the file; "null" answers 404 there. */
    FileServer serving(String path, byte[] bytes) {
        others.put(path, bytes == null ? new byte[0] : bytes);
        if (bytes == null) {
            others.put(path + "#missing", new byte[0]);
        }
        return this;
    }

    /** Send the file chunked, without a Content-Length: the client learns the size only by reading. */
    FileServer chunked() {
        chunked = true;
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders()));
        Integer status;
        synchronized (statuses) {
            status = statuses.poll();
        }
        String path = exchange.getRequestURI().getRawPath();
        if (others.containsKey(path + "#missing")) {
            status = 404;
        }
        byte[] file = others.getOrDefault(path, body);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            if (status != null && status != 200) {
                byte[] text = ("<Error><Code>Scripted" + status + "</Code><Message>scripted answer</Message></Error>")
                        .getBytes();
                exchange.sendResponseHeaders(status, text.length);
                out.write(text);
                return;
            }
            exchange.sendResponseHeaders(200, chunked ? 0 : file.length);
            out.write(file);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
