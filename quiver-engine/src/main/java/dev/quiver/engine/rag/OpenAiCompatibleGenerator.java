package dev.quiver.engine.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Streams an answer from any OpenAI-compatible {@code POST /chat/completions} endpoint (OpenAI,
 * Ollama, llama.cpp server, vLLM, LM Studio): sends {@code stream: true}, reads the server-sent events'
 * {@code data:} lines up to {@code data: [DONE]} and passes each {@code choices[0].delta.content} on.
 * A server that ignores {@code stream} and answers with one JSON completion works too. Thread-safe.
 */
public final class OpenAiCompatibleGenerator implements Generator {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Closes streams that go quiet for longer than the timeout (HttpRequest's timeout ends at the headers). */
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "quiver-generator-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final GeneratorConfig config;
  private final HttpClient http;

  public OpenAiCompatibleGenerator(GeneratorConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public String model() {
    return config.model();
  }

  public GeneratorConfig config() {
    return config;
  }

  /** The request body sent for these messages. */
  ObjectNode body(List<ChatMessage> messages) {
    ObjectNode b = JSON.createObjectNode();
    b.put("model", config.model());
    b.put("stream", true);
    b.put("temperature", 0.2);
    ArrayNode ms = b.putArray("messages");
    for (ChatMessage m : messages) {
      ms.addObject().put("role", m.role()).put("content", m.content());
    }
    return b;
  }

  @Override
  public String generate(List<ChatMessage> messages, Consumer<String> onToken) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(config.endpoint())
        .timeout(config.timeout())
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body(messages).toString(), StandardCharsets.UTF_8));
    if (config.apiKey() != null) {
      rb.header("Authorization", "Bearer " + config.apiKey());
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new GeneratorException("generator at " + config.endpoint() + " did not answer within "
          + config.timeout().toSeconds() + " s", e);
    } catch (IOException e) {
      throw new GeneratorException("cannot reach the generator at " + config.endpoint() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GeneratorException("interrupted while calling the generator at " + config.endpoint(), e);
    }
    try (InputStream in = resp.body()) {
      if (resp.statusCode() / 100 != 2) {
        String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        throw new GeneratorException("generator at " + config.endpoint() + " answered HTTP " + resp.statusCode()
            + ": " + errorMessage(text) + (resp.statusCode() == 404 ? " (is the URL the API's base, e.g. "
            + "http://127.0.0.1:11434/v1, and the model '" + config.model() + "' installed?)" : "")
            + (resp.statusCode() == 401 || resp.statusCode() == 403 ? " (check the API key)" : ""));
      }
      String ct = resp.headers().firstValue("content-type").orElse("");
      if (ct.startsWith("application/json")) {
        JsonNode whole = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        String content = whole.path("choices").path(0).path("message").path("content").asText("");
        if (!content.isEmpty()) {
          onToken.accept(content);
        }
        return content;
      }
      return readStream(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), in, onToken);
    } catch (IOException e) {
      throw new GeneratorException("the stream from the generator at " + config.endpoint() + " broke: " + e, e);
    }
  }

  private String readStream(BufferedReader r, InputStream raw, Consumer<String> onToken) throws IOException {
    AtomicBoolean idle = new AtomicBoolean();
    ScheduledFuture<?> watch = null;
    try {
      StringBuilder all = new StringBuilder();
      while (true) {
        watch = WATCHDOG.schedule(() -> {
          idle.set(true);
          try {
            raw.close(); // unblocks the read below
          } catch (IOException ignored) {
            // closing is best effort
          }
        }, config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        String line;
        IOException failure = null;
        try {
          line = r.readLine();
        } catch (IOException e) {
          line = null;
          failure = e;
        }
        watch.cancel(false);
        if (idle.get()) {
          throw new GeneratorException("generator at " + config.endpoint() + " sent nothing for "
              + config.timeout().toMillis() + " ms mid-answer; gave up", failure);
        }
        if (failure != null) {
          throw failure;
        }
        if (line == null) {
          return all.toString();
        }
        if (!readLine(line, all, onToken)) {
          return all.toString();
        }
      }
    } finally {
      if (watch != null) {
        watch.cancel(false);
      }
    }
  }

  /** Handles one line of the event stream; false at {@code data: [DONE]}. */
  private boolean readLine(String line, StringBuilder all, Consumer<String> onToken) {
    if (!line.startsWith("data:")) {
      return true; // blank separators, "event:", "id:", ": keep-alive" comments
    }
    String data = line.substring(5).strip();
    if (data.equals("[DONE]")) {
      return false;
    }
    if (data.isEmpty()) {
      return true;
    }
    JsonNode ev = parse(data);
    if (ev.has("error")) {
      throw new GeneratorException("generator at " + config.endpoint() + " reported an error mid-stream: "
          + errorMessage(data));
    }
    JsonNode choice = ev.path("choices").path(0);
    JsonNode delta = choice.path("delta").path("content");
    if (delta.isMissingNode() || delta.isNull()) {
      delta = choice.path("message").path("content");
    }
    if (delta.isTextual() && !delta.asText().isEmpty()) {
      all.append(delta.asText());
      onToken.accept(delta.asText());
    }
    return true;
  }

  private JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new GeneratorException("generator at " + config.endpoint() + " sent something that is not JSON: "
          + abbreviate(s));
    }
  }

  /** OpenAI's {@code {"error": {"message": ...}}}, Ollama's {@code {"error": "..."}}, else the text. */
  static String errorMessage(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode e = n.path("error");
      if (e.isTextual()) {
        return e.asText();
      }
      if (e.path("message").isTextual()) {
        return e.path("message").asText();
      }
      if (n.path("message").isTextual()) {
        return n.path("message").asText();
      }
    } catch (IOException | RuntimeException ignored) {
      // not JSON: report the text itself
    }
    return body.isBlank() ? "(empty body)" : abbreviate(body.strip());
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
