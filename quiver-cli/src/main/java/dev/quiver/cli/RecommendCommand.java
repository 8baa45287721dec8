package dev.quiver.cli;

import dev.quiver.api.ApiCodec;
import dev.quiver.core.embed.EmbeddingModelProvider;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.recommend.Example;
import dev.quiver.engine.recommend.QueryArithmetic;
import dev.quiver.engine.recommend.RecommendRequest;
import dev.quiver.engine.recommend.RecommendStrategy;
import dev.quiver.engine.recommend.Recommender;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quiver recommend NAME --positive 1,2 --negative 7 [--strategy best-score]}, {@code --like ID}
 * (more like this), or vector arithmetic {@code --add ID --subtract ID --add "0.5*more energetic"}.
 * Runs {@link Recommender} on the collection, embedded or through {@code --url}.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true,
    description = {"Recommend points like some examples and unlike others, or search with vector arithmetic.",
        "",
        "  quiver recommend tracks --positive 12,40 --negative 7",
        "  quiver recommend tracks --like 12 --filter '{\"must\": [{\"key\": \"year\", \"range\": {\"gte\": 2000}}]}'",
        "  quiver recommend words --add king --subtract man --add woman     (texts, for a model-bound collection)",
        "  quiver recommend tracks --add 12 --add \"0.5*more energetic\"",
        "",
        "An example is a point id (digits or a UUID), a vector \"[0.1, 0.2]\", or (--positive-text,",
        "--negative-text, and in --add/--subtract any other value) words embedded with the collection's model.",
        "The examples themselves are left out of the results unless --include-examples."})
final class RecommendCommand extends DataCommand {

  private static final Pattern WEIGHTED = Pattern.compile("\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*\\*(.*)",
      Pattern.DOTALL);

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Option(names = {"-p", "--positive"}, paramLabel = "IDS",
      description = "Points to recommend like: ids separated by commas, or one vector \"[...]\" (repeatable)")
  List<String> positive = new ArrayList<>();

  @Option(names = {"-n", "--negative"}, paramLabel = "IDS",
      description = "Points to recommend unlike: ids separated by commas, or one vector \"[...]\" (repeatable)")
  List<String> negative = new ArrayList<>();

  @Option(names = "--positive-text", paramLabel = "TEXT", description = "A positive example in words (repeatable)")
  List<String> positiveText = new ArrayList<>();

  @Option(names = "--negative-text", paramLabel = "TEXT", description = "A negative example in words (repeatable)")
  List<String> negativeText = new ArrayList<>();

  @Option(names = "--like", paramLabel = "ID", description = "More like this point (a positive example)")
  String like;

  @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "average-vector",
      description = "average-vector (default) or best-score")
  String strategy;

  @Option(names = "--candidates", paramLabel = "N",
      description = "best-score: candidates per positive example (default max(50, 4 * k))")
  Integer candidates;

  @Option(names = "--add", paramLabel = "TERM",
      description = "Vector arithmetic: add a term: an id, a vector \"[...]\" or words; \"0.5*TERM\" weighs it (repeatable)")
  List<String> add = new ArrayList<>();

  @Option(names = "--subtract", paramLabel = "TERM", description = "Vector arithmetic: subtract a term (repeatable)")
  List<String> subtract = new ArrayList<>();

  @Option(names = "--using", paramLabel = "VECTOR_NAME", description = "Which named vector")
  String using;

  @Option(names = "--filter", paramLabel = "JSON", description = "Qdrant-style filter JSON, or @file.json")
  String filter;

  @Option(names = {"-k", "--limit"}, paramLabel = "K", defaultValue = "10",
      description = "How many results (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--ef", paramLabel = "EF", description = "HNSW search width")
  Integer ef;

  @Option(names = "--include-examples", description = "Keep the example points in the results")
  boolean includeExamples;

  @Option(names = "--with-vector", description = "Include the points' vectors")
  boolean withVector;

  @Option(names = "--json", description = "Print the results as JSON")
  boolean json;

  @Override
  void validate() {
    boolean arithmetic = !add.isEmpty() || !subtract.isEmpty();
    boolean examples = !positive.isEmpty() || !negative.isEmpty() || !positiveText.isEmpty()
        || !negativeText.isEmpty() || like != null;
    if (arithmetic && examples) {
      throw new CliException(ExitCodes.USAGE, "give either examples (--positive, --negative, --like, --positive-text,"
          + " --negative-text) or arithmetic terms (--add, --subtract), not both");
    }
    if (!arithmetic && !examples) {
      throw new CliException(ExitCodes.USAGE, "give examples (--positive 1,2 --negative 7, --like 5) or arithmetic"
          + " terms (--add ID --subtract ID --add \"words\")");
    }
    if (arithmetic && (candidates != null || !"average-vector".equals(strategy))) {
      throw new CliException(ExitCodes.USAGE, "--strategy and --candidates apply to examples, not to --add/--subtract");
    }
  }

  @Override
  int run(Database db) {
    VectorCollection c = db.db().collection(name);
    EmbeddingModelProvider models = db instanceof Database.Embedded e ? e.quiver().config().models() : null;
    Recommender recommender = models != null ? new Recommender(models) : Recommender.defaults();
    List<ScoredPoint> hits;
    if (!add.isEmpty() || !subtract.isEmpty()) {
      List<QueryArithmetic.Term> terms = new ArrayList<>();
      add.forEach(t -> terms.add(term(t, 1, "--add")));
      subtract.forEach(t -> terms.add(term(t, -1, "--subtract")));
      hits = recommender.search(c, new QueryArithmetic(terms, using, k, parseFilter(filter), !includeExamples, ef,
          true, withVector));
    } else {
      List<Example> pos = new ArrayList<>();
      if (like != null) {
        pos.add(new Example.Id(id(like, "--like")));
      }
      positive.forEach(p -> pos.addAll(examples(p, "--positive")));
      positiveText.forEach(t -> pos.add(new Example.Text(t)));
      List<Example> neg = new ArrayList<>();
      negative.forEach(n -> neg.addAll(examples(n, "--negative")));
      negativeText.forEach(t -> neg.add(new Example.Text(t)));
      RecommendStrategy s;
      try {
        s = RecommendStrategy.parse(strategy);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, "--strategy " + strategy + " is unknown; expected average-vector"
            + " or best-score");
      }
      hits = recommender.recommend(c, new RecommendRequest(pos, neg, using, s, k, parseFilter(filter),
          !includeExamples, candidates, ef, true, withVector));
    }
    if (json) {
      out().println(json(ApiCodec.scoredPointsToJson(hits, c.config()), true));
      return ExitCodes.OK;
    }
    PointPrinter.print(out(), hits.stream()
        .map(h -> new PointPrinter.Row(h.id().toString(), h.score(), h.payload(), withVector ? h.vectors() : null))
        .toList());
    return ExitCodes.OK;
  }

  /** "1,2,3" (ids) or "[0.1, 0.2]" (one vector). */
  private static List<Example> examples(String value, String option) {
    String v = value.strip();
    if (v.startsWith("[")) {
      return List.of(new Example.Vector(VectorText.parse(v)));
    }
    List<Example> out = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(new Example.Id(id(part.strip(), option)));
      }
    }
    if (out.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, option + " '" + value + "' holds no ids; expected e.g. 1,2,3");
    }
    return out;
  }

  private static PointId id(String text, String option) {
    try {
      return PointId.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, option + ": " + e.getMessage()
          + (option.equals("--like") ? "" : "; for words use --positive-text / --negative-text"));
    }
  }

  /** "[WEIGHT*]VALUE": an id, a vector "[...]", else words. */
  private static QueryArithmetic.Term term(String raw, double sign, String option) {
    double weight = 1;
    String value = raw;
    Matcher m = WEIGHTED.matcher(raw);
    if (m.matches()) {
      weight = Double.parseDouble(m.group(1));
      value = m.group(2);
    }
    value = value.strip();
    if (value.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, option + " '" + raw + "' has no term; expected an id, a vector or words");
    }
    Example e;
    if (value.startsWith("[")) {
      e = new Example.Vector(VectorText.parse(value));
    } else {
      PointId id = null;
      try {
        id = PointId.parse(value);
      } catch (IllegalArgumentException notAnId) {
        // words
      }
      e = id != null ? new Example.Id(id) : new Example.Text(value);
    }
    return new QueryArithmetic.Term(sign * weight, e);
  }
}
