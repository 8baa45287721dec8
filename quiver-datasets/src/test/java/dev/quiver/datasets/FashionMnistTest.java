package dev.quiver.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @Test
  void loadsTheAnnBenchmarksShape() {
    Dataset data = FashionMnist.load();
    assertEquals("fashion-mnist-784-euclidean", data.name());
    assertEquals("euclidean", data.metric());
    assertEquals(60_000, data.base().length);
    assertEquals(10_000, data.queries().length);
    assertEquals(784, data.dimension());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float[] image : data.base()) {
      for (float p : image) {
        min = Math.min(min, p);
        max = Math.max(max, p);
      }
    }
    assertEquals(0f, min);
    assertEquals(255f, max);

    Dataset small = data.withBase(1000).withQueries(10);
    assertEquals(1000, small.base().length);
    assertEquals(10, small.queries().length);
    assertSame(data.base()[999], small.base()[999]);
    assertSame(data, data.withQueries(20_000));
  }

  @Test
  void labelsAreBalancedTenClasses() {
    int[] train = FashionMnist.trainLabels();
    int[] test = FashionMnist.testLabels();
    assertEquals(60_000, train.length);
    assertEquals(10_000, test.length);
    int[] trainCounts = new int[10];
    int[] testCounts = new int[10];
    for (int label : train) {
      trainCounts[label]++;
    }
    for (int label : test) {
      testCounts[label]++;
    }
    for (int c = 0; c < 10; c++) {
      assertEquals(6000, trainCounts[c], "train class " + c);
      assertEquals(1000, testCounts[c], "test class " + c);
    }
    // Well-known first labels of Fashion-MNIST: train starts Ankle boot, T-shirt/top; test starts Ankle boot, Pullover.
    assertEquals(9, train[0]);
    assertEquals(0, train[1]);
    assertEquals(9, test[0]);
    assertEquals(2, test[1]);
    assertEquals(10, FashionMnist.CLASS_NAMES.size());
    assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(9));
  }

  @Test
  void missingFolderSaysWhatItLookedFor(@TempDir Path empty) {
    DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> FashionMnist.load(empty));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
  }
}
