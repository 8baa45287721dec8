package dev.quiver.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.api.ApiEnvelope;
import dev.quiver.api.ApiError;
import dev.quiver.api.ApiErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * One HTTP exchange at a time per call, over a shared {@link HttpClient} (which is thread-safe);
 * this class holds no mutable state of its own, so it is thread-safe too. Every response is read as
 * an envelope: a success gives its {@code result}, an error becomes the exception an embedded caller
 * would have seen ({@link ApiError#toException()}), an I/O failure an {@link UncheckedIOException}
 * naming the method and URL.
 */
final class Transport implements AutoCloseable {

  private static final String USER_AGENT = "quiver-client/0.1.0";

  private final HttpClient http;
  /** The server's base URI as text, without a trailing slash. */
  private final String base;
  private final String apiKey;
  private final Duration timeout;

  Transport(URI base, String apiKey, Duration timeout, Duration connectTimeout) {
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    this.base = b;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  String base() {
    return base;
  }

  /** A path segment, percent-encoded (a space is {@code %20}, not {@code +}). */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Sends a JSON body (or none) and returns the envelope's {@code result}. */
  JsonNode call(String method, String path, JsonNode body) {
    HttpRequest.Builder b = request(path);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(ApiCodec.writeBytes(body)));
    }
    HttpResponse<byte[]> r = send(method, path, b, HttpResponse.BodyHandlers.ofByteArray());
    return result(method, path, r.statusCode(), r.body());
  }

  /** Uploads a file as raw bytes and returns the envelope's {@code result}. */
  JsonNode upload(String path, Path file) {
    HttpRequest.Builder b = request(path).header("Content-Type", "application/octet-stream");
    try {
      b.POST(HttpRequest.BodyPublishers.ofFile(file));
    } catch (java.io.FileNotFoundException e) {
      throw new UncheckedIOException("snapshot file " + file + " does not exist", e);
    }
    HttpResponse<byte[]> r = send("POST", path, b, HttpResponse.BodyHandlers.ofByteArray());
    return result("POST", path, r.statusCode(), r.body());
  }

  /** Downloads a body into {@code target} (written beside it first, then moved into place). */
  void download(String path, Path target) {
    HttpRequest.Builder b = request(path).GET();
    HttpResponse<InputStream> r = send("GET", path, b, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        result("GET", path, r.statusCode(), in.readAllBytes()); // throws the mapped error
        throw new UncheckedIOException(new IOException("GET " + url(path) + ": HTTP " + r.statusCode()
            + " with a success envelope instead of the file"));
      }
      Path abs = target.toAbsolutePath();
      Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url(path) + " into " + target + " failed: " + e.getMessage(), e);
    }
  }

  private String url(String path) {
    return base + path;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
        .timeout(timeout)
        .header("User-Agent", USER_AGENT)
        .header("Accept", "application/json");
    if (apiKey != null) {
      b.header("api-key", apiKey);
    }
    return b;
  }

  private <T> HttpResponse<T> send(String method, String path, HttpRequest.Builder b,
      HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(b.build(), handler);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new UncheckedIOException(method + " " + url(path) + " failed: " + why, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(method + " " + url(path) + " was interrupted",
          new InterruptedIOException(e.getMessage()));
    }
  }

  /** The result of a success envelope; otherwise throws the mapped exception. */
  private JsonNode result(String method, String path, int status, byte[] body) {
    JsonNode envelope;
    try {
      envelope = ApiCodec.readTree(body);
    } catch (IllegalArgumentException e) {
      if (status >= 200 && status < 300) {
        throw new UncheckedIOException(new IOException(method + " " + url(path) + ": HTTP " + status
            + " with a body that is not a JSON envelope: " + snippet(body)));
      }
      if (status >= 500) {
        // not Quiver's envelope: a proxy's or load balancer's error page, whatever its status
        throw new UncheckedIOException(new IOException(method + " " + url(path) + ": HTTP " + status
            + (body == null || body.length == 0 ? "" : ": " + snippet(body))));
      }
      throw new ApiError(ApiErrorCode.forStatus(status), method + " " + url(path) + ": HTTP " + status
          + (body == null || body.length == 0 ? "" : ": " + snippet(body))).toException();
    }
    ApiError error = ApiError.fromJson(envelope, status);
    if (error != null) {
      RuntimeException ex = error.toException();
      if (ex instanceof UncheckedIOException) {
        // a server-side fault: name the request so the log says where it happened
        throw new UncheckedIOException(method + " " + url(path) + ": server error: " + error.message(),
            new IOException(error.message()));
      }
      throw ex;
    }
    if (status < 200 || status >= 300) {
      throw new ApiError(ApiErrorCode.forStatus(status), method + " " + url(path) + ": HTTP " + status
          + " with a success envelope").toException();
    }
    return ApiEnvelope.result(envelope, status);
  }

  private static String snippet(byte[] body) {
    if (body == null) {
      return "";
    }
    String s = new String(body, StandardCharsets.UTF_8).strip();
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  @Override
  public void close() {
    http.close();
  }
}
