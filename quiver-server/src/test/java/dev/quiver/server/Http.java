package dev.quiver.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small loopback HTTP client for the tests: every call has a timeout, so a hang fails the test. */
final class Http {

  /** A response: status, raw body, and the body as JSON when it parses. */
  record Resp(int status, byte[] bytes, String contentType) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return ApiCodec.readTree(bytes);
    }

    JsonNode result() {
      return json().get("result");
    }

    String error() {
      return json().path("status").path("error").asText();
    }

    String code() {
      return json().path("status").path("code").asText();
    }

    @Override
    public String toString() {
      return status + " " + body();
    }
  }

  private final HttpClient client;
  private final URI base;
  private String key;
  private Duration timeout = Duration.ofSeconds(30);
  private boolean expectContinue;

  Http(URI base) {
    this.base = base;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  Http withKey(String k) {
    Http h = new Http(base, client);
    h.key = k;
    h.timeout = timeout;
    h.expectContinue = expectContinue;
    return h;
  }

  /** The same client with another timeout per request. */
  Http withTimeout(Duration t) {
    Http h = withKey(key);
    h.timeout = t;
    return h;
  }

  /**
   * Sends {@code Expect: 100-continue} with every body: the body goes only once the server asks
   * for it, so a request the server refuses outright (a malformed path is answered 400 and the
   * connection closed before the body is read) still gets its answer instead of a reset upload.
   */
  Http withExpectContinue() {
    Http h = withKey(key);
    h.expectContinue = true;
    return h;
  }

  private Http(URI base, HttpClient client) {
    this.base = base;
    this.client = client;
  }

  Resp get(String path) {
    return send("GET", path, null, null);
  }

  Resp delete(String path) {
    return send("DELETE", path, null, null);
  }

  Resp post(String path, String json) {
    return send("POST", path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  Resp put(String path, String json) {
    return send("PUT", path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  Resp send(String method, String path, byte[] body, String contentType) {
    return sendWith(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body), contentType);
  }

  /** With extra headers, as name, value, name, value... */
  Resp send(String method, String path, byte[] body, String contentType, String... headers) {
    return sendWith(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body), contentType, headers);
  }

  Resp sendWith(String method, String path, HttpRequest.BodyPublisher body, String contentType, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).method(method, body)
        .expectContinue(expectContinue && body.contentLength() != 0);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (key != null) {
      b.header("api-key", key);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  Resp send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r = client.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Resp(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The key this client sends, or null. */
  String key() {
    return key;
  }

  URI base() {
    return base;
  }
}
