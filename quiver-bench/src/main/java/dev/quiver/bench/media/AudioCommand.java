package dev.quiver.bench.media;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.embed.EmbeddingModels;
import dev.quiver.embed.audio.AudioFeatures;
import dev.quiver.embed.audio.BuiltinAudioModel;
import dev.quiver.embed.audio.MfccConfig;
import dev.quiver.embed.audio.MfccExtractor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench audio}: audio embedding throughput of the built-in audio models on 1-second WAV
 * clips, in batches as the engine sends them (32 files per call). The clips are synthesised here
 * (seeded): a voiced-speech-like signal (a gliding harmonic tone with a syllable-rate envelope)
 * plus noise, 16-bit mono, at 16 kHz (the models' rate) and at 44.1 kHz (resampled first). Rows:
 * the Java front end alone (WAV decoding and log-mel frames, all cores), {@code quiver-mfcc}, and
 * {@code quiver-spoken-words} (front end + ONNX Runtime CRNN).
 */
@Command(name = "audio", mixinStandardHelpOptions = true,
    description = {"Audio embedding throughput (items/s) of quiver-mfcc and quiver-spoken-words on"
        + " 1-second WAV clips, at 16 kHz and 44.1 kHz (resampled)."})
public final class AudioCommand implements Callable<Integer> {

  @Option(names = "--clips", defaultValue = "1000", description = "Clips per row. Default: ${DEFAULT-VALUE}.")
  int clips;

  @Option(names = "--batch", defaultValue = "32", description = "Clips per model call. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--seconds", defaultValue = "1.0", description = "Clip length. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Override
  public Integer call() {
    if (clips < 1 || batch < 1 || !(seconds > 0.05) || seconds > 60) {
      throw new IllegalArgumentException("--clips and --batch must be positive and --seconds 0.05..60");
    }
    List<byte[]> at16 = clips(16_000);
    List<byte[]> at44 = clips(44_100);
    System.out.printf(Locale.ROOT, "%d synthetic %.1f-second clips (16-bit mono WAV), batches of %d,"
        + " JVM %s, %d cores%n%n", clips, seconds, batch, Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    AudioFeatures frontEnd = new AudioFeatures(new MfccExtractor(MfccConfig.defaults()),
        BuiltinAudioModel.TRIM_DB, BuiltinAudioModel.MAX_FRAMES);
    List<String[]> rows = new ArrayList<>();
    try (EmbeddingModels registry = new EmbeddingModels()) {
      EmbeddingModel mfcc = registry.get(BuiltinAudioModel.QUIVER_MFCC.modelName());
      EmbeddingModel words = registry.get(BuiltinAudioModel.QUIVER_SPOKEN_WORDS.modelName());
      for (int pass = 0; pass < 2; pass++) { // pass 0 warms up the JIT and ONNX Runtime
        rows.clear();
        List<byte[]> warm = pass == 0 ? at16.subList(0, Math.min(100, clips)) : null;
        for (int rate : new int[] {16_000, 44_100}) {
          List<byte[]> data = warm != null ? warm : rate == 16_000 ? at16 : at44;
          String r = rate == 16_000 ? "16 kHz" : "44.1 kHz";
          rows.add(row("front end: WAV decode + log-mel (" + r + ")", data.size(),
              time(() -> IntStream.range(0, data.size()).parallel()
                  .forEach(i -> frontEnd.logMel(frontEnd.samples(data.get(i), "clip " + i))))));
          rows.add(row("quiver-mfcc, " + mfcc.dimension() + "-d (" + r + ")", data.size(),
              time(() -> embedAll(mfcc, data))));
          rows.add(row("quiver-spoken-words, " + words.dimension() + "-d (" + r + ")", data.size(),
              time(() -> embedAll(words, data))));
        }
      }
    }
    System.out.println("| path | clips | seconds | clips/s | ms per clip |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
    return 0;
  }

  private void embedAll(EmbeddingModel m, List<byte[]> data) {
    for (int i = 0; i < data.size(); i += batch) {
      List<float[]> v = m.embedMedia(Modality.AUDIO, data.subList(i, Math.min(data.size(), i + batch)));
      if (v.isEmpty() || v.get(0).length != m.dimension()) {
        throw new IllegalStateException("model " + m.name() + " returned no or wrong-sized vectors");
      }
    }
  }

  private static double time(Runnable r) {
    long s = System.nanoTime();
    r.run();
    return (System.nanoTime() - s) / 1e9;
  }

  private static String[] row(String name, int n, double seconds) {
    return new String[] {name, Integer.toString(n), String.format(Locale.ROOT, "%.2f", seconds),
        String.format(Locale.ROOT, "%,.0f", n / seconds),
        String.format(Locale.ROOT, "%.2f", 1000 * seconds / n)};
  }

  /** Seeded clips: a harmonic tone gliding in pitch, a 4 Hz syllable envelope, some noise. */
  private List<byte[]> clips(int rate) {
    Random rnd = new Random(42);
    int n = (int) Math.round(seconds * rate);
    List<byte[]> out = new ArrayList<>(clips);
    for (int c = 0; c < clips; c++) {
      double f0 = 90 + 160 * rnd.nextDouble();
      double glide = (rnd.nextDouble() - 0.5) * 60;
      double phase = 0;
      short[] pcm = new short[n];
      for (int i = 0; i < n; i++) {
        double t = i / (double) rate;
        phase += 2 * Math.PI * (f0 + glide * t) / rate;
        double v = 0;
        for (int h = 1; h <= 12 && h * (f0 + glide) < rate / 2.0; h++) {
          v += Math.sin(h * phase) / h;
        }
        double env = 0.5 - 0.5 * Math.cos(2 * Math.PI * 4 * t);
        v = 0.25 * v * env + 0.01 * rnd.nextGaussian();
        pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
      }
      out.add(wav(pcm, rate));
    }
    return out;
  }

  static byte[] wav(short[] pcm, int rate) {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * pcm.length)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) 1).putInt(rate).putInt(2 * rate).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * pcm.length);
    for (short s : pcm) {
      b.putShort(s);
    }
    return b.array();
  }
}
