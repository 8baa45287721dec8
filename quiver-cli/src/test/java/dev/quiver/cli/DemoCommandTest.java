package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.datasets.DataPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = QuiverCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void demoOnAClusteredDatasetReportsRecallAndSpeed() {
    int exit = run("demo", "--dataset", "clustered", "--size", "2000", "--queries", "100",
        "--dimension", "48", "--threads", "2");
    assertEquals(0, exit, () -> "stdout:\n" + out + "\nstderr:\n" + err);
    String report = out.toString();
    assertTrue(report.contains("recall@10"), report);
    assertTrue(report.contains("clustered-48-cosine-2000"), report);
    assertTrue(report.contains("queries/s"), report);
    assertTrue(report.contains("vector math"), report);
    assertTrue(report.contains("faster than the exact scan"), report);
  }

  @Test
  void missingDataIsOneLineAndExitCodeTwo(@TempDir Path empty) {
    String previous = System.getProperty(DataPaths.DATA_DIR_PROPERTY);
    System.setProperty(DataPaths.DATA_DIR_PROPERTY, empty.toString());
    try {
      int exit = run("demo", "--queries", "5");
      assertEquals(2, exit, () -> "stdout:\n" + out + "\nstderr:\n" + err);
      String message = err.toString();
      assertTrue(message.contains("Fashion-MNIST not found"), message);
      assertTrue(message.contains(empty.toString()), message);
      assertFalse(message.contains("\tat "), "no stack trace expected:\n" + message);
    } finally {
      if (previous == null) {
        System.clearProperty(DataPaths.DATA_DIR_PROPERTY);
      } else {
        System.setProperty(DataPaths.DATA_DIR_PROPERTY, previous);
      }
    }
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    assertEquals(2, run("demo", "--dataset", "imagenet"));
    assertTrue(err.toString().contains("fashion-mnist or clustered"), err.toString());
    assertEquals(2, run("demo", "--dataset", "clustered", "--k", "0"));
    assertTrue(err.toString().contains("--k is 0"), err.toString());
  }

  @Test
  void helpAndVersion() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("demo"), out.toString());
    assertEquals(0, run("demo", "--help"));
    assertTrue(out.toString().contains("--ef-search"), out.toString());
    assertEquals(0, run("--version"));
    assertTrue(out.toString().contains("quiver 0.1.0"), out.toString());
  }
}
