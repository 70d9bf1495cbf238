package io.github.threadpool.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests exactly as written, byte for byte, for what no HTTP client library will send: malformed request
 * lines, illegal characters, a missing {@code Host}, a body that does not stop.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends the request and reads the whole response (the server closes: send {@code Connection: close}). */
    static Response exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return Response.of(socket.getInputStream().readAllBytes());
        }
    }

    /**
     * Sends the head, then streams up to {@code bodyBytes} of body from another thread while reading the
     * response; returns the response and how much body was sent before the server stopped taking it.
     */
    static Streamed streamBody(int port, String head, long bodyBytes) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                try {
                    while (sent.get() < bodyBytes) {
                        int n = (int) Math.min(chunk.length, bodyBytes - sent.get());
                        out.write(chunk, 0, n);
                        sent.addAndGet(n);
                    }
                }
                catch (IOException ex) {
                    // the server closed the connection: that is the point
                }
            }, "raw-body-writer");
            writer.start();
            Response response = Response.of(readUntilClosed(socket.getInputStream()));
            socket.close(); // unblocks the writer if the server left the connection open
            writer.join(30_000);
            return new Streamed(response, sent.get());
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                bytes.write(buffer, 0, n);
            }
        }
        catch (SocketException ex) {
            // reset after the response: what was read is what counts
        }
        return bytes.toByteArray();
    }

    record Streamed(Response response, long bodyBytesSent) {
    }

    record Response(int status, String head, String body) {

        static Response of(byte[] raw) {
            String text = new String(raw, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = (end >= 0) ? text.substring(0, end) : text;
            String body = (end >= 0) ? text.substring(end + 4) : "";
            String[] statusLine = head.split("\r\n", 2)[0].split(" ");
            int status = (statusLine.length > 1) ? Integer.parseInt(statusLine[1]) : -1;
            return new Response(status, head, body);
        }

        String contentType() {
            return head.lines()
                .filter((line) -> line.regionMatches(true, 0, "Content-Type:", 0, 13))
                .map((line) -> line.substring(13).trim())
                .findFirst()
                .orElse("");
        }

    }

}
