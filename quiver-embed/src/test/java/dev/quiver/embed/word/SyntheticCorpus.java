package dev.quiver.embed.word;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A templated English-like corpus with known structure: words of one semantic class fill the same
 * slots, each animal has its own trait adjective, and animals occur in the singular and the plural
 * with matching articles and verb forms (the relation the analogy test uses).
 */
final class SyntheticCorpus {

  static final List<String> ANIMALS = List.of("dog", "cat", "horse", "cow", "sheep", "goat", "pig", "rabbit");
  static final List<String> PLURALS = List.of("dogs", "cats", "horses", "cows", "flocks", "goats", "pigs", "rabbits");
  static final List<String> TRAITS = List.of("loyal", "fluffy", "fast", "spotted", "woolly", "stubborn", "muddy", "timid");
  static final List<String> FOODS = List.of("bread", "cheese", "rice", "soup", "cake", "fruit", "hay", "grain");
  static final List<String> PLACES = List.of("farm", "field", "barn", "forest", "meadow", "garden", "village", "river");
  static final List<String> PEOPLE = List.of("farmer", "teacher", "doctor", "baker", "child", "sailor", "painter", "miner");
  static final List<String> VEHICLES = List.of("car", "truck", "bus", "train", "bicycle", "boat", "tractor", "wagon");

  static final Map<String, List<String>> CLASSES = Map.of("animal", ANIMALS, "food", FOODS, "place", PLACES,
      "person", PEOPLE, "vehicle", VEHICLES);

  private static final String[] SINGULAR_VERBS = {"eats", "likes", "wants", "finds"};
  private static final String[] PLURAL_VERBS = {"eat", "like", "want", "find"};
  private static final String[] DRIVE = {"drives", "parks", "takes", "rides"};
  private static final String[] HANDLE = {"repairs", "washes", "sells", "buys"};

  private SyntheticCorpus() {}

  /** Writes sentences until the file holds about {@code bytes} bytes. */
  static Path write(Path file, long bytes, long seed) throws IOException {
    Random r = new Random(seed);
    long written = 0;
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      while (written < bytes) {
        line.setLength(0);
        int a = r.nextInt(ANIMALS.size());
        switch (r.nextInt(5)) {
          case 0 -> line.append("A ").append(TRAITS.get(a)).append(' ').append(ANIMALS.get(a)).append(' ')
              .append(pick(r, SINGULAR_VERBS)).append(" the ").append(pick(r, FOODS)).append(" in the ")
              .append(pick(r, PLACES)).append('.');
          case 1 -> line.append("Many ").append(TRAITS.get(a)).append(' ').append(PLURALS.get(a)).append(' ')
              .append(pick(r, PLURAL_VERBS)).append(" the ").append(pick(r, FOODS)).append(" in the ")
              .append(pick(r, PLACES)).append('.');
          case 2 -> line.append("The ").append(pick(r, PEOPLE)).append(' ').append(pick(r, DRIVE))
              .append(" the ").append(pick(r, VEHICLES)).append(" to the ").append(pick(r, PLACES)).append('.');
          case 3 -> line.append("The ").append(pick(r, PEOPLE)).append(' ').append(pick(r, HANDLE))
              .append(" a ").append(pick(r, VEHICLES)).append(" near the ").append(pick(r, PLACES)).append('.');
          default -> line.append("The ").append(pick(r, PEOPLE)).append(" gives the ").append(TRAITS.get(a))
              .append(' ').append(ANIMALS.get(a)).append(" some ").append(pick(r, FOODS)).append('.');
        }
        line.append('\n');
        w.write(line.toString());
        written += line.length();
      }
    }
    return file;
  }

  private static String pick(Random r, String[] options) {
    return options[r.nextInt(options.length)];
  }

  private static String pick(Random r, List<String> options) {
    return options.get(r.nextInt(options.size()));
  }
}
