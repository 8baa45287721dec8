package dev.quiver.cli;

import dev.quiver.api.ApiCodec;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.filter.InvalidFilterException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on a database, embedded or remote: it gets an open {@link Database} and
 * returns its exit code. Errors are thrown and mapped by {@link QuiverCli}'s handler.
 */
abstract class DataCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DatabaseOptions database;

  @Override
  public final Integer call() throws Exception {
    validate();
    try (Database db = database.open()) {
      return run(db);
    }
  }

  /** Checks options that picocli cannot, before the database is opened. */
  void validate() {}

  abstract int run(Database db) throws Exception;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** A filter given inline or as {@code @file.json}; null for none. */
  static Filter parseFilter(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String json = text;
    if (text.startsWith("@")) {
      try {
        json = Files.readString(Path.of(text.substring(1)));
      } catch (IOException e) {
        throw new CliException(ExitCodes.INVALID_INPUT, "cannot read the filter file " + text.substring(1) + ": " + e.getMessage());
      }
    }
    try {
      return Filter.parse(json);
    } catch (InvalidFilterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidFilterException("--filter: " + e.getMessage());
    }
  }

  static String json(com.fasterxml.jackson.databind.JsonNode node, boolean pretty) {
    try {
      return pretty ? ApiCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node)
          : ApiCodec.mapper().writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
