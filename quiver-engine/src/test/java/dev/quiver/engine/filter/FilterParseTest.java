package dev.quiver.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FilterParseTest {

  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> Filter.parse(json)).getMessage();
  }

  @Test
  void rangeBoundOfWrongTypeNamesPathValueAndExpectation() {
    String msg = error("{\"must\": [{\"key\": \"a\", \"match\": {\"value\": 1}},"
        + " {\"key\": \"p\", \"range\": {\"gt\": true}}]}");
    assertEquals("filter.must[1].range.gt must be a number or a date string, got true", msg);
  }

  @Test
  void unknownKeysAreRefusedWithTheExpectedOnes() {
    String root = error("{\"must\": [], \"filter\": []}");
    assertTrue(root.contains("\"filter\"") && root.contains("must/should/must_not"), root);
    String range = error("{\"must\": [{\"key\": \"p\", \"range\": {\"gt\": 1, \"above\": 2}}]}");
    assertTrue(range.contains("\"above\"") && range.contains("filter.must[0].range") && range.contains("gte"), range);
    String match = error("{\"should\": [{\"key\": \"p\", \"match\": {\"text\": \"x\"}}]}");
    assertTrue(match.contains("\"text\"") && match.contains("value, any or except"), match);
  }

  @Test
  void badValuesNameThePath() {
    assertTrue(error("{\"must\": {\"key\": 3, \"match\": {\"value\": 1}}}").startsWith("filter.must.key must be a non-empty string"));
    String date = error("{\"must\": [{\"key\": \"d\", \"range\": {\"gte\": \"yesterday\"}}]}");
    assertTrue(date.contains("filter.must[0].range.gte") && date.contains("\"yesterday\"") && date.contains("ISO-8601"), date);
    String id = error("{\"must\": [{\"has_id\": [1, \"not-a-uuid\"]}]}");
    assertTrue(id.contains("filter.must[0].has_id[1]") && id.contains("not-a-uuid") && id.contains("UUID"), id);
    String any = error("{\"must_not\": [{\"key\": \"t\", \"match\": {\"any\": [\"a\", {\"x\": 1}]}}]}");
    assertTrue(any.contains("filter.must_not[0].match.any[1]") && any.contains("string, number or boolean"), any);
    String mixed = error("{\"must\": [{\"key\": \"d\", \"range\": {\"gte\": 1, \"lt\": \"2024-01-01\"}}]}");
    assertTrue(mixed.contains("mixes numbers and dates"), mixed);
    assertTrue(error("{\"must\": [{\"key\": \"d\", \"range\": {\"gte\": null}}]}").contains("at least one non-null bound"));
    assertTrue(error("[1]").contains("must be a JSON object"));
    assertTrue(error("{\"must\": [").startsWith("filter is not valid JSON"));
    assertInstanceOf(InvalidFilterException.class,
        assertThrows(IllegalArgumentException.class, () -> Filter.parse("{\"must\": 1}")));
  }

  @Test
  void toJsonParsesBackToTheSameFilter() {
    String json = "{\"must\": [{\"key\": \"author.name\", \"match\": {\"value\": \"ann\"}},"
        + " {\"key\": \"p\", \"range\": {\"gt\": 1, \"lte\": 9.5}},"
        + " {\"key\": \"d\", \"range\": {\"gte\": \"2024-01-01\", \"lt\": \"2024-06-01T12:30:00+02:00\"}}],"
        + " \"should\": [{\"key\": \"tags\", \"match\": {\"any\": [\"a\", 2, true]}}, {\"is_null\": {\"key\": \"x\"}},"
        + "   {\"must_not\": [{\"is_empty\": {\"key\": \"y\"}}]}],"
        + " \"must_not\": [{\"key\": \"t\", \"match\": {\"except\": [\"z\"]}},"
        + "   {\"has_id\": [7, \"550e8400-e29b-41d4-a716-446655440000\"]}]}";
    Filter f = Filter.parse(json);
    Filter back = Filter.parse(f.toJson());
    assertEquals(f, back);
    assertEquals(f.toJson(), back.toJson());
    Filter.Bool b = assertInstanceOf(Filter.Bool.class, f);
    assertEquals(new Filter.Range("p", 1.0, null, null, 9.5), b.must().get(1));
    Filter.DateRange d = assertInstanceOf(Filter.DateRange.class, b.must().get(2));
    assertEquals(1704067200_000_000L, d.gte());
    assertEquals(1717237800_000_000L, d.lt());
    assertEquals(List.of(), ((Filter.Bool) Filter.parse("{}")).must());
  }
}
