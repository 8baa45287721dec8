package dev.quiver.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what the JDK client will not send (a foreign {@code Host}, a
 * body that never finishes) or hides (whether the server closed the connection). Every read has a
 * timeout, so a server that does not answer fails the test instead of hanging it.
 */
final class RawHttp {

  /** A response: status, headers (lower-case names), body; {@code closed} when the server then closed. */
  record Resp(int status, Map<String, String> headers, byte[] bytes, boolean closed) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return ApiCodec.readTree(bytes);
    }

    String error() {
      return json().path("status").path("error").asText();
    }

    String code() {
      return json().path("status").path("code").asText();
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body();
    }
  }

  private RawHttp() {}

  /** Opens a socket to 127.0.0.1:{@code port} with {@code timeoutMillis} for connect and every read. */
  static Socket open(int port, int timeoutMillis) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line; {@code Connection:
   * close} is added) and {@code body}, reads the answer and whether the server closed afterwards.
   */
  static Resp exchange(int port, String head, byte[] body, int timeoutMillis) throws IOException {
    try (Socket s = open(port, timeoutMillis)) {
      OutputStream out = s.getOutputStream();
      out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(s.getInputStream());
    }
  }

  /** Reads one response: status line, headers, then a Content-Length or chunked body. */
  static Resp read(InputStream in) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new IOException("the server closed the connection without an answer");
    }
    String[] parts = status.split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l; (l = line(in)) != null && !l.isEmpty(); ) {
      int c = l.indexOf(':');
      headers.merge(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim(), (a, b) -> a + ", " + b);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int n; (n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
        body.write(in.readNBytes(n));
        line(in);
      }
      line(in);
    }
    boolean closed;
    try {
      closed = in.read() < 0;
    } catch (SocketTimeoutException e) {
      closed = false;
    } catch (IOException e) {
      closed = true; // reset after the answer: closed too
    }
    return new Resp(Integer.parseInt(parts[1]), headers, body.toByteArray(), closed);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) b);
    }
    return sb.isEmpty() ? null : sb.toString();
  }
}
