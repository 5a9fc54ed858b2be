package org.jams.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 as bytes on a socket, for requests no well-behaved client would send: an unescaped {@code %}, a URI over
 * the limit, a NUL in a header. The request is sent as given (with {@code Connection: close}) and read to the end.
 */
final class RawHttp {

    record Reply(int status, String contentType, String body) {
        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code GET target} with the extra header lines (each "Name: value"). */
    static Reply get(int port, String target, String... headers) {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return send(port, request.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static Reply send(int port, byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = reply.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? reply : reply.substring(0, headEnd);
            String body = headEnd < 0 ? "" : reply.substring(headEnd + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            String contentType = "";
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    contentType = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Reply(status, contentType, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
