package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PointIdTest {

  @Test
  void parsesAsciiNumbersAndUuids() {
    assertEquals(PointId.of(123), PointId.parse("123"));
    assertEquals(PointId.of(-1L), PointId.parse("18446744073709551615"));
    UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertEquals(PointId.of(u), PointId.parse("123E4567-E89B-12D3-A456-426614174000"));
  }

  @Test
  void refusesOtherScriptsDigitsAndMalformedUuids() {
    for (String bad : new String[] {"١٢٣", "１２３", "12３", "123e4567-e89b-12d3-a456-42661417400０",
        "123e4567+e89b-12d3-a456-426614174000", "1-2-3-4-5", "", "18446744073709551616"}) {
      assertThrows(IllegalArgumentException.class, () -> PointId.parse(bad), bad);
    }
  }
}
