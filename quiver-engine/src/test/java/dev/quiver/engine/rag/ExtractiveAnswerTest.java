package dev.quiver.engine.rag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.embed.ingest.ChunkingConfig;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.ingest.Ingester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline path on a real small corpus with the real all-MiniLM-L6-v2 model: questions whose
 * answer sentence is known must get that sentence, cited with the number of its document's source.
 */
class ExtractiveAnswerTest {

  @TempDir Path dir;

  @Test
  void answersKnownQuestionsWithTheRightSentenceAndCitation() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("everest.md"), """
        # Mount Everest

        Mount Everest is Earth's highest mountain above sea level, located in the Himalayas.
        Its summit is 8,849 metres above sea level. Tenzing Norgay and Edmund Hillary made the first
        confirmed ascent of Everest in 1953. Climbers usually attempt the summit in May, before the
        monsoon season begins.""");
    Files.writeString(docs.resolve("coffee.txt"), """
        Coffee is a drink brewed from roasted coffee beans. The coffee plant is native to Ethiopia.
        Espresso is made by forcing hot water through finely ground coffee under high pressure.
        Brazil is the largest producer of coffee in the world.""");
    Files.writeString(docs.resolve("python.md"), """
        # Python

        Python is a high-level programming language. Guido van Rossum created Python and first released
        it in 1991. Python uses indentation to delimit blocks of code. The standard package installer
        for Python is called pip.""");
    Files.writeString(docs.resolve("moon.txt"), """
        The Moon is Earth's only natural satellite. The Moon is about 384,400 kilometres away from Earth.
        Neil Armstrong was the first person to walk on the Moon, in July 1969. The Moon's gravity causes
        the tides of the oceans.""");
    Files.writeString(docs.resolve("honey.txt"), """
        Honey is a sweet substance made by honey bees from the nectar of flowers. Properly sealed honey
        does not spoil, because its low water content and acidity stop bacteria from growing.
        Bees store honey in wax honeycomb cells.""");

    try (Quiver db = Quiver.open(dir.resolve("db"))) {
      VectorCollection c = db.createCollection("facts",
          CollectionConfig.single(VectorParams.forModel("all-MiniLM-L6-v2")));
      new Ingester(c, ChunkingConfig.of(200, 30)).ingest(List.of(docs), new Ingester.Listener() { });
      Asker asker = new Asker(c, null, db.config().models());

      check(asker, "How high is the summit of Everest?", "everest.md",
          "Its summit is 8,849 metres above sea level.");
      check(asker, "Who created the Python language?", "python.md",
          "Guido van Rossum created Python and first released it in 1991.");
      check(asker, "Which country produces the most coffee?", "coffee.txt",
          "Brazil is the largest producer of coffee in the world.");
      check(asker, "Who was the first person to walk on the Moon?", "moon.txt",
          "Neil Armstrong was the first person to walk on the Moon, in July 1969.");
      check(asker, "Why doesn't honey go bad?", "honey.txt",
          "Properly sealed honey does not spoil, because its low water content and acidity stop bacteria from growing.");
      check(asker, "What is the name of Python's package installer?", "python.md",
          "The standard package installer for Python is called pip.");
    }
  }

  private static void check(Asker asker, String question, String doc, String sentence) {
    AskResult r = asker.ask(AskRequest.of(question).withLimit(3).withMmr(0.7));
    assertEquals(AskResult.EXTRACTIVE, r.mode());
    assertTrue(r.answer().startsWith(ExtractiveAnswerer.LABEL + ":"), r.answer());
    Source src = r.sources().stream().filter(s -> s.source() != null && s.source().endsWith("/" + doc)).findFirst()
        .orElseThrow(() -> new AssertionError(question + ": " + doc + " not among sources " + r.sources()));
    String cited = sentence + " [" + src.number() + "]";
    assertTrue(r.answer().contains(cited), question + " -> expected '" + cited + "' in:\n" + r.answer());
    // the best sentence comes first
    assertTrue(r.answer().indexOf(cited) == ExtractiveAnswerer.LABEL.length() + 2, r.answer());
  }
}
