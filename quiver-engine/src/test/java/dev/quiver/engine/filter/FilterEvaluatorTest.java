package dev.quiver.engine.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class FilterEvaluatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode payload(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  private static boolean matches(String filter, String payload) throws Exception {
    return FilterEvaluator.matches(Filter.parse(filter), ids -> false, payload(payload));
  }

  private static String cond(String c) {
    return "{\"must\": [" + c + "]}";
  }

  @Test
  void matchWalksNestedObjectsAndArrays() throws Exception {
    String annAuthor = cond("{\"key\": \"author.name\", \"match\": {\"value\": \"ann\"}}");
    assertTrue(matches(annAuthor, "{\"author\": {\"name\": \"ann\"}}"));
    assertFalse(matches(annAuthor, "{\"author\": {\"name\": \"bob\"}}"));
    assertFalse(matches(annAuthor, "{\"author\": \"ann\"}"));
    assertTrue(matches(annAuthor, "{\"author\": [{\"name\": \"bob\"}, {\"name\": [\"cy\", \"ann\"]}]}"));
    String tag = cond("{\"key\": \"tags\", \"match\": {\"value\": \"x\"}}");
    assertTrue(matches(tag, "{\"tags\": [\"y\", \"x\"]}"));
    assertFalse(matches(tag, "{\"tags\": [\"y\"]}"));
  }

  @Test
  void numbersCompareNumericallyAndTypesDoNotMix() throws Exception {
    assertTrue(matches(cond("{\"key\": \"n\", \"match\": {\"value\": 1}}"), "{\"n\": 1.0}"));
    assertTrue(matches(cond("{\"key\": \"n\", \"match\": {\"value\": 1.0}}"), "{\"n\": [3, 1]}"));
    assertFalse(matches(cond("{\"key\": \"n\", \"match\": {\"value\": 1}}"), "{\"n\": \"1\"}"));
    assertFalse(matches(cond("{\"key\": \"n\", \"match\": {\"value\": true}}"), "{\"n\": 1}"));
    assertTrue(matches(cond("{\"key\": \"n\", \"match\": {\"value\": false}}"), "{\"n\": false}"));
    assertTrue(matches(cond("{\"key\": \"n\", \"match\": {\"any\": [\"1\", 2]}}"), "{\"n\": 2.0}"));
  }

  @Test
  void exceptNeedsAValueOutsideTheListOrNoValue() throws Exception {
    String except = cond("{\"key\": \"t\", \"match\": {\"except\": [\"a\", \"b\"]}}");
    assertFalse(matches(except, "{\"t\": \"a\"}"));
    assertTrue(matches(except, "{\"t\": \"c\"}"));
    assertFalse(matches(except, "{\"t\": [\"a\", \"b\"]}"));
    assertTrue(matches(except, "{\"t\": [\"a\", \"c\"]}"));
    assertTrue(matches(except, "{}"));
    assertTrue(matches(except, "{\"t\": null}"));
    assertTrue(matches(except, "{\"t\": []}"));
    assertTrue(matches(except, "{\"t\": 3}"));
  }

  @Test
  void numericRangesSkipStrings() throws Exception {
    String r = cond("{\"key\": \"p\", \"range\": {\"gt\": 1, \"lte\": 3}}");
    assertTrue(matches(r, "{\"p\": 3}"));
    assertFalse(matches(r, "{\"p\": 1}"));
    assertFalse(matches(r, "{\"p\": \"2\"}"));
    assertTrue(matches(r, "{\"p\": [0, 2.5]}"));
    assertFalse(matches(r, "{\"p\": [0, 4]}"));
    assertFalse(matches(r, "{}"));
  }

  @Test
  void dateRangesAcceptDatesWithAndWithoutZone() throws Exception {
    String r = cond("{\"key\": \"d\", \"range\": {\"gte\": \"2024-01-01\", \"lt\": \"2024-01-02T00:00:00Z\"}}");
    assertTrue(matches(r, "{\"d\": \"2024-01-01\"}"));
    assertTrue(matches(r, "{\"d\": \"2024-01-01T23:59:59\"}"));
    assertTrue(matches(r, "{\"d\": \"2024-01-02T01:00:00+02:00\"}")); // 23:00 UTC the day before
    assertFalse(matches(r, "{\"d\": \"2024-01-02T00:00:00Z\"}"));
    assertFalse(matches(r, "{\"d\": \"2023-12-31T23:59:59.999Z\"}"));
    assertFalse(matches(r, "{\"d\": \"not a date\"}"));
    assertFalse(matches(r, "{\"d\": 1704067200}"));
    String zoned = cond("{\"key\": \"d\", \"range\": {\"lte\": \"2024-01-01T10:00:00+01:00\"}}");
    assertTrue(matches(zoned, "{\"d\": \"2024-01-01T09:00:00\"}"));
    assertFalse(matches(zoned, "{\"d\": \"2024-01-01T09:00:01Z\"}"));
  }

  @Test
  void isNullAndIsEmptyDiffer() throws Exception {
    String isNull = cond("{\"is_null\": {\"key\": \"x\"}}");
    String isEmpty = cond("{\"is_empty\": {\"key\": \"x\"}}");
    assertTrue(matches(isNull, "{\"x\": null}"));
    assertTrue(matches(isEmpty, "{\"x\": null}"));
    assertFalse(matches(isNull, "{}"));
    assertTrue(matches(isEmpty, "{}"));
    assertFalse(matches(isNull, "{\"x\": []}"));
    assertTrue(matches(isEmpty, "{\"x\": []}"));
    assertFalse(matches(isNull, "{\"x\": 0}"));
    assertFalse(matches(isEmpty, "{\"x\": [null, 1]}"));
    assertFalse(matches(isEmpty, "{\"x\": \"\"}"));
    assertTrue(matches(cond("{\"is_null\": {\"key\": \"a.b\"}}"), "{\"a\": [{\"b\": 1}, {\"b\": null}]}"));
  }

  @Test
  void booleanCombinatorsAndHasId() throws Exception {
    String f = "{\"must\": [{\"key\": \"a\", \"match\": {\"value\": 1}}],"
        + " \"should\": [{\"key\": \"b\", \"match\": {\"value\": 1}}, {\"key\": \"c\", \"match\": {\"value\": 1}}],"
        + " \"must_not\": [{\"key\": \"d\", \"match\": {\"value\": 1}}]}";
    assertTrue(matches(f, "{\"a\": 1, \"c\": 1}"));
    assertFalse(matches(f, "{\"a\": 1}"));
    assertFalse(matches(f, "{\"a\": 1, \"b\": 1, \"d\": 1}"));
    assertFalse(matches(f, "{\"b\": 1}"));
    assertTrue(matches("{}", "{}"));
    Filter hasId = Filter.parse("{\"should\": [{\"has_id\": [5, \"550e8400-e29b-41d4-a716-446655440000\"]}]}");
    IdMatcher isFive = ids -> ids.stream().anyMatch(id -> id.isNumber() && id.asLong() == 5);
    assertTrue(FilterEvaluator.matches(hasId, isFive, payload("{}")));
    assertFalse(FilterEvaluator.matches(hasId, ids -> false, payload("{}")));
    JsonNode nested = JSON.readTree("{\"must_not\": [{\"must\": [{\"has_id\": [5]}]}]}");
    assertFalse(FilterEvaluator.matches(Filter.parse(nested), isFive, payload("{}")));
  }
}
