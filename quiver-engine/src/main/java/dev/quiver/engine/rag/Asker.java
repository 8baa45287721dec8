package dev.quiver.engine.rag;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.EmbeddingModelProvider;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import java.util.List;
import java.util.function.Consumer;

/**
 * Answers questions over a collection: retrieves sources ({@link Retriever}), then either has the
 * {@link Generator} write an answer citing them ({@link PromptBuilder}) or, with no generator, picks the
 * sentences that answer best ({@link ExtractiveAnswerer}). Works on any {@link VectorCollection},
 * embedded or remote. Thread-safe when the generator is.
 */
public final class Asker {

  private final VectorCollection collection;
  private final Generator generator;
  private final EmbeddingModelProvider models;
  private final Retriever retriever;
  private final PromptBuilder prompts = new PromptBuilder();

  /**
   * @param generator null for extractive answers
   * @param models where the extractive path finds the collection's embedding model (null: words only)
   */
  public Asker(VectorCollection collection, Generator generator, EmbeddingModelProvider models) {
    this.collection = collection;
    this.generator = generator;
    this.models = models;
    this.retriever = new Retriever(collection);
  }

  public AskResult ask(AskRequest req) {
    return ask(req, s -> { }, t -> { });
  }

  /**
   * Answers {@code req}; calls {@code onSources} once with the retrieved sources, then {@code onToken}
   * with each piece of the answer as it is generated (the extractive answer comes as one piece).
   *
   * @throws GeneratorException when the generator fails
   */
  public AskResult ask(AskRequest req, Consumer<List<Source>> onSources, Consumer<String> onToken) {
    List<Source> sources = retriever.retrieve(req);
    onSources.accept(sources);
    if (generator == null) {
      String answer = new ExtractiveAnswerer(model()).answer(req.question(), sources);
      onToken.accept(answer);
      return new AskResult(req.question(), answer, AskResult.EXTRACTIVE, null, sources);
    }
    String answer = generator.generate(prompts.build(req.question(), sources), onToken);
    return new AskResult(req.question(), answer, AskResult.GENERATED, generator.model(), sources);
  }

  /** The collection's model, when bound and available here; null otherwise (keyword scoring only). */
  private EmbeddingModel model() {
    if (models == null) {
      return null;
    }
    for (VectorParams p : collection.config().vectors().values()) {
      if (p.model() != null) {
        try {
          return models.model(p.model().model());
        } catch (RuntimeException e) {
          return null; // model not installed on this side (remote collection): words only
        }
      }
    }
    return null;
  }
}
