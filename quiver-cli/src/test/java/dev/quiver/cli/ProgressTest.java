package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void drawsABarWithPercentAndRateThenEndsTheLine() {
    StringWriter s = new StringWriter();
    Progress p = new Progress(new PrintWriter(s), true, 1000);
    p.update(10, 250);
    assertTrue(s.toString().startsWith("\r[=======>"), s::toString);
    assertTrue(s.toString().contains(" 25%  10 points  ") && s.toString().contains("points/s"), s::toString);
    p.finish(40, 1000);
    assertTrue(s.toString().contains("[==============================] 100%  40 points"), s::toString);
    assertTrue(s.toString().endsWith("\n") || s.toString().endsWith(System.lineSeparator()), s::toString);
  }

  @Test
  void withoutATotalOnlyCounts() {
    StringWriter s = new StringWriter();
    Progress p = new Progress(new PrintWriter(s), true, -1);
    p.finish(1234, 99);
    assertTrue(s.toString().startsWith("\r1,234 points"), s::toString);
  }

  @Test
  void offDrawsNothing() {
    StringWriter s = new StringWriter();
    Progress p = new Progress(new PrintWriter(s), false, 10);
    p.update(1, 1);
    p.interrupt();
    p.finish(2, 10);
    assertEquals("", s.toString());
  }
}
