package dev.quiver.cli;

import dev.quiver.api.QualityCodec;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.embed.EmbeddingModels;
import dev.quiver.embed.audit.Weat;
import dev.quiver.embed.audit.WeatDefinition;
import dev.quiver.embed.audit.WeatResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quiver audit}: WEAT/SEAT bias tests of a text model, in-process. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"Test a text model for biases with the Word Embedding Association Test (WEAT, Caliskan et al.,"
        + " Science 2017): effect size and permutation p-value of each test, and which are significant.",
        "",
        "Built-in tests weat1 (flowers/insects vs pleasant/unpleasant, a sanity check) to weat10, with the"
            + " paper's word lists; --sets FILE adds your own (JSON, see docs/http-api.md#bias-audit);"
            + " --sentences embeds SEAT template sentences (May et al., 2019) instead of bare words."})
final class AuditCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = EmbeddingModels.DEFAULT_MODEL,
      description = "The model to audit (default: ${DEFAULT-VALUE}; $QUIVER_MODELS adds your own)")
  String model;

  @Option(names = "--test", paramLabel = "NAME", split = ",",
      description = "weat1 ... weat10 or all (default: all, or none when --sets is given)")
  List<String> tests;

  @Option(names = "--sets", paramLabel = "FILE", description = "Your own tests: a JSON test object or an array")
  Path sets;

  @Option(names = "--sentences", description = "SEAT: embed template sentences (\"This is a rose.\") instead of words")
  boolean sentences;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "" + Weat.Options.DEFAULT_SAMPLES,
      description = "Random partitions when there are too many to enumerate (default: ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--alpha", paramLabel = "P", defaultValue = "" + Weat.Options.DEFAULT_ALPHA,
      description = "Significance level (default: ${DEFAULT-VALUE})")
  double alpha;

  @Option(names = "--json", description = "Print the results as JSON (the HTTP API's shape)")
  boolean json;

  @Override
  public Integer call() {
    Weat.Options options = Weat.Options.defaults().withSentences(sentences).withSamples(samples).withAlpha(alpha);
    List<WeatDefinition> definitions = new ArrayList<>();
    List<String> names = tests != null ? tests : sets == null ? List.of("all") : List.of();
    for (String t : names) {
      if (t.trim().equalsIgnoreCase("all")) {
        definitions.addAll(WeatDefinition.builtIn());
      } else {
        definitions.add(WeatDefinition.builtIn(t));
      }
    }
    if (sets != null) {
      if (!Files.isRegularFile(sets)) {
        throw new CliException(ExitCodes.NOT_FOUND, "--sets " + sets + " does not exist or is not a file");
      }
      definitions.addAll(WeatDefinition.read(sets));
    }
    EmbeddingModel m = EmbeddingModels.shared().get(model);
    List<WeatResult> results = new ArrayList<>();
    for (WeatDefinition d : definitions) {
      results.add(Weat.run(m, d, options));
    }
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(DataCommand.json(QualityCodec.auditResultToJson(m.name(), results, options), true));
    } else {
      out.print(WeatResult.table(results, options.samples()));
      out.flush(); // print() does not autoflush, and main exits right after
    }
    return ExitCodes.OK;
  }
}
