package dev.quiver.bench;

import dev.quiver.bench.ann.AnnCommand;
import dev.quiver.bench.embed.EmbedCommand;
import dev.quiver.bench.jmh.JmhCommand;
import dev.quiver.bench.media.AudioCommand;
import dev.quiver.bench.media.ImageCommand;
import dev.quiver.bench.media.MediaCommand;
import dev.quiver.bench.quality.CompactCommand;
import dev.quiver.bench.quality.InspectCommand;
import dev.quiver.bench.scale.ScaleCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./bench}: the ANN harness ({@code ann}), the JMH kernels ({@code jmh}) and text embedding
 * throughput ({@code embed}), image upsert and search through the engine and HTTP ({@code media}),
 * audio embedding throughput ({@code audio}), the collection health report ({@code inspect}), image
 * embedding throughput ({@code image}), ingest at scale ({@code scale}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    subcommands = {AnnCommand.class, JmhCommand.class, EmbedCommand.class, MediaCommand.class,
        AudioCommand.class, InspectCommand.class, CompactCommand.class, ImageCommand.class, ScaleCommand.class},
    description = {"Quiver benchmarks. Run with the same JVM flags for everything:",
        "--add-modules jdk.incubator.vector (./bench does this)."})
public final class BenchMain implements Runnable {

  public static void main(String[] args) {
    int code = new CommandLine(new BenchMain()).execute(args);
    System.exit(code);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
