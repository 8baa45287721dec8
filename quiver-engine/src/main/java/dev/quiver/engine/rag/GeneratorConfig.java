package dev.quiver.engine.rag;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where an OpenAI-compatible chat-completions endpoint lives.
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:11434/v1} (Ollama), {@code http://127.0.0.1:8080/v1}
 *     (llama.cpp server), {@code https://api.openai.com/v1}; {@code /chat/completions} is appended
 *     unless the URL already ends with it
 * @param model the model name the endpoint knows, e.g. {@code llama3.2}, {@code gpt-4o-mini}
 * @param apiKey sent as {@code Authorization: Bearer}; null for local servers
 * @param timeout how long to wait for the response to start (and between streamed lines)
 */
public record GeneratorConfig(String baseUrl, String model, String apiKey, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  public static final String URL_ENV = "QUIVER_LLM_URL";
  public static final String MODEL_ENV = "QUIVER_LLM_MODEL";
  public static final String API_KEY_ENV = "QUIVER_LLM_API_KEY";

  public GeneratorConfig {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("generator URL is required, e.g. http://127.0.0.1:11434/v1");
    }
    URI u = URI.create(baseUrl.strip());
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
      throw new IllegalArgumentException("generator URL '" + baseUrl + "' must start with http:// or https://");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("generator model is required with URL " + baseUrl
          + ", e.g. --llm-model llama3.2 or " + MODEL_ENV + "=llama3.2");
    }
    if (timeout == null) {
      timeout = DEFAULT_TIMEOUT;
    }
    if (apiKey != null && apiKey.isBlank()) {
      apiKey = null;
    }
  }

  public GeneratorConfig(String baseUrl, String model, String apiKey) {
    this(baseUrl, model, apiKey, DEFAULT_TIMEOUT);
  }

  /** The full chat-completions URL. */
  public URI endpoint() {
    String b = baseUrl.strip();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b.endsWith("/chat/completions") ? b : b + "/chat/completions");
  }

  /**
   * From {@code QUIVER_LLM_URL}, {@code QUIVER_LLM_MODEL}, {@code QUIVER_LLM_API_KEY}, each overridden
   * by the explicit value when not null. Null when no URL is set anywhere (answers are extractive).
   */
  public static GeneratorConfig resolve(String url, String model, String apiKey, Map<String, String> env) {
    String u = url != null ? url : env.get(URL_ENV);
    if (u == null || u.isBlank()) {
      return null;
    }
    return new GeneratorConfig(u, model != null ? model : env.get(MODEL_ENV),
        apiKey != null ? apiKey : env.get(API_KEY_ENV));
  }

  @Override
  public String toString() {
    return "GeneratorConfig[" + endpoint() + ", model=" + model + (apiKey != null ? ", key=***" : "") + "]";
  }
}
