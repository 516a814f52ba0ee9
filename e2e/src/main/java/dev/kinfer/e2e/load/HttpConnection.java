package dev.kinfer.e2e.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection on a blocking socket: writes a prepared request, reads the
 * status line, the headers and a Content-Length (or chunked) body. Small and predictable on purpose:
 * the generator should cost the machine as little as the thing it measures allows.
 */
final class HttpConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] request;
    private final byte[] scratch = new byte[64 * 1024];

    HttpConnection(Target target) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(target.uri().getHost(), target.uri().getPort()), 5_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        request = prepare(target);
    }

    private static byte[] prepare(Target target) {
        StringBuilder head = new StringBuilder("POST ").append(target.uri().getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.uri().getHost()).append(':').append(target.uri().getPort()).append("\r\n")
                .append("Content-Length: ").append(target.body().length).append("\r\n");
        for (Map.Entry<String, String> h : target.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + target.body().length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(target.body(), 0, all, headBytes.length, target.body().length);
        return all;
    }

    /** Sends the request and reads the whole response; returns the status code. */
    int exchange() throws IOException {
        out.write(request);
        out.flush();
        String status = line();
        if (status.length() < 12) {
            throw new IOException("bad status line '" + status + "'");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                String name = header.substring(0, colon).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(header.substring(colon + 1).trim());
                } else if (name.equalsIgnoreCase("transfer-encoding") && header.toLowerCase().contains("chunked")) {
                    chunked = true;
                }
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                skip(size);
                line();
            }
            line();
        } else if (length > 0) {
            skip(length);
        }
        return code;
    }

    private void skip(long bytes) throws IOException {
        while (bytes > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, bytes));
            if (n < 0) {
                throw new IOException("connection closed in the middle of a body");
            }
            bytes -= n;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
