package dev.quiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.datasets.WordNet;
import dev.quiver.embed.EmbeddingModels;
import dev.quiver.embed.audit.RetrievalEvaluation;
import dev.quiver.embed.word.AverageWordEmbeddingModel;
import dev.quiver.embed.word.WordVectors;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.ScrollPage;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.VectorCollection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code quiver evaluate}: compares embedding models on labelled texts by retrieval quality
 * (precision@k, nDCG@10; a hit is another text with the same label), on a sample of WordNet or on a
 * collection of the user's.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Compare embedding models on your own labelled texts: precision@k and nDCG@10, where a hit is"
        + " another text with the same label (exact cosine search, so the numbers measure the model).",
        "",
        "  quiver evaluate --dataset wordnet --sample 2000 --models all-MiniLM-L6-v2,bge-small-en-v1.5,words",
        "  quiver evaluate COLLECTION --label category [--models ...]",
        "",
        "'words' is word-vector averaging: --word-vectors FILE (word2vec or GloVe), or else word2vec trained"
            + " on the evaluated texts themselves (the table says so). On a collection without --models the"
            + " collection's stored vectors are scored."})
final class EvaluateCommand implements Callable<Integer> {

  static final String WORDS = "words";

  @Spec CommandSpec spec;

  @Mixin DatabaseOptions database;

  @Parameters(index = "0", arity = "0..1", paramLabel = "COLLECTION",
      description = "A collection whose payload holds --label (and --text-field when --models is given)")
  String collection;

  @Option(names = "--dataset", paramLabel = "NAME", description = "wordnet: synset texts labelled by lexicographer"
      + " category, from the shared data folder")
  String dataset;

  @Option(names = "--sample", paramLabel = "N", defaultValue = "2000",
      description = "Texts to evaluate: a seeded random sample of the dataset, or the first N points (default: ${DEFAULT-VALUE})")
  int sample;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of the sample (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--models", paramLabel = "NAMES", split = ",",
      description = "Models to compare; 'words' is word-vector averaging (default with --dataset: the built-in"
          + " text models and words)")
  List<String> models;

  @Option(names = "--word-vectors", paramLabel = "FILE", description = "word2vec/GloVe vectors for 'words'")
  Path wordVectors;

  @Option(names = "--label", paramLabel = "FIELD", description = "Payload field holding each point's label")
  String label;

  @Option(names = "--text-field", paramLabel = "FIELD", defaultValue = "text",
      description = "Payload field holding each point's text (default: ${DEFAULT-VALUE})")
  String textField;

  @Option(names = "--vector", paramLabel = "NAME", description = "Stored vector to score (default: the first)")
  String vector;

  @Option(names = "-k", paramLabel = "K", defaultValue = "10", description = "k of precision@k (default: ${DEFAULT-VALUE})")
  int k;

  private record Labelled(List<String> texts, List<String> labels, List<float[]> vectors, String source) {}

  @Override
  public Integer call() throws Exception {
    if ((dataset == null) == (collection == null)) {
      throw new CliException(ExitCodes.USAGE, "give either --dataset wordnet or a COLLECTION (with --label)");
    }
    if (sample < 2) {
      throw new CliException(ExitCodes.USAGE, "--sample must be at least 2, got " + sample);
    }
    if (wordVectors != null && !Files.isRegularFile(wordVectors)) {
      throw new CliException(ExitCodes.NOT_FOUND, "--word-vectors " + wordVectors + " does not exist or is not a file");
    }
    Labelled data;
    if (dataset != null) {
      if (!dataset.equalsIgnoreCase("wordnet")) {
        throw new CliException(ExitCodes.USAGE, "unknown --dataset '" + dataset + "'; expected wordnet");
      }
      data = wordnet();
    } else {
      if (label == null || label.isBlank()) {
        throw new CliException(ExitCodes.USAGE, "evaluating a collection needs --label FIELD: the payload field"
            + " that says which points belong together");
      }
      try (Database db = database.open()) {
        data = fromCollection(db.db().collection(collection));
      }
    }
    List<RetrievalEvaluation.Result> results = new ArrayList<>();
    if (data.vectors() != null) {
      results.add(RetrievalEvaluation.evaluate(data.source(), "the collection's stored vectors", data.vectors(),
          data.labels(), k, 0));
    }
    List<String> names = models != null ? models : data.vectors() != null ? List.of()
        : List.of(EmbeddingModels.DEFAULT_MODEL, "bge-small-en-v1.5", WORDS);
    for (String name : names) {
      name = name.trim();
      if (name.equalsIgnoreCase(WORDS)) {
        results.add(words(data));
      } else {
        EmbeddingModel m = EmbeddingModels.shared().get(name);
        results.add(RetrievalEvaluation.evaluate(m, null, data.texts(), data.labels(), k));
      }
    }
    spec.commandLine().getOut().print(RetrievalEvaluation.table(results));
    spec.commandLine().getOut().flush(); // print() does not autoflush, and main exits right after
    return ExitCodes.OK;
  }

  private RetrievalEvaluation.Result words(Labelled data) throws IOException {
    if (wordVectors != null) {
      WordVectors v = WordVectors.load(wordVectors);
      return RetrievalEvaluation.evaluate(AverageWordEmbeddingModel.uniform(WORDS, v),
          "average of the word vectors of " + wordVectors.getFileName() + " (" + v.size() + " words, "
              + v.dimension() + "-d)", data.texts(), data.labels(), k);
    }
    long started = System.nanoTime();
    AverageWordEmbeddingModel m = RetrievalEvaluation.trainWordAverage(WORDS, data.texts(), 20, seed);
    long trainMillis = (System.nanoTime() - started) / 1_000_000;
    return RetrievalEvaluation.evaluate(m, "average of word2vec vectors (skip-gram, " + m.dimension()
        + "-d, 20 epochs) trained on the " + data.texts().size() + " evaluated texts themselves in " + trainMillis
        + " ms; no --word-vectors given", data.texts(), data.labels(), k);
  }

  private Labelled wordnet() {
    List<WordNet.Synset> all = new ArrayList<>(WordNet.load());
    Collections.shuffle(all, new Random(seed));
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (WordNet.Synset s : all.subList(0, Math.min(sample, all.size()))) {
      texts.add(String.join(", ", s.words()).replace('_', ' ') + ": " + s.definition());
      labels.add(s.category());
    }
    return new Labelled(texts, labels, null, "wordnet");
  }

  private Labelled fromCollection(VectorCollection col) {
    CollectionConfig config = col.config();
    String using = vector != null ? vector : config.vectors().keySet().iterator().next();
    if (!config.vectors().containsKey(using)) {
      throw new IllegalArgumentException("collection '" + collection + "' has no vector '" + using + "'; it has "
          + config.vectors().keySet());
    }
    boolean storedOnly = models == null;
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<float[]> vectors = storedOnly ? new ArrayList<>() : null;
    long withoutLabel = 0;
    ScrollRequest req = ScrollRequest.of(Math.min(1000, sample));
    if (storedOnly) {
      req = req.withVectors(true);
    }
    while (labels.size() < sample) {
      ScrollPage page = col.scroll(req);
      for (Point p : page.points()) {
        ObjectNode payload = p.payload();
        JsonNode l = payload == null ? null : payload.get(label);
        JsonNode t = payload == null ? null : payload.get(textField);
        if (l == null || l.isNull() || l.isContainerNode() || (!storedOnly && (t == null || !t.isTextual()))) {
          withoutLabel++;
          continue;
        }
        labels.add(l.asText());
        texts.add(t != null && t.isTextual() ? t.asText() : null);
        if (storedOnly) {
          vectors.add(p.vectors().get(using));
        }
        if (labels.size() == sample) {
          break;
        }
      }
      if (page.nextOffset() == null || labels.size() == sample) {
        break;
      }
      req = req.withOffset(page.nextOffset());
    }
    if (labels.size() < 2) {
      throw new IllegalArgumentException("collection '" + collection + "' has " + labels.size() + " points with a '"
          + label + "' label" + (storedOnly ? "" : " and a '" + textField + "' text") + " (" + withoutLabel
          + " without); an evaluation needs at least 2");
    }
    if (withoutLabel > 0) {
      spec.commandLine().getErr().println(withoutLabel + " points skipped: no '" + label + "' label"
          + (storedOnly ? "" : " or no '" + textField + "' text"));
    }
    return new Labelled(texts, labels, vectors, collection + " (" + using + ")");
  }
}
