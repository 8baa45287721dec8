package dev.quiver.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of parse error names the JSON path, the bad value and what was expected. */
class FilterParseTest {

  /** Single quotes stand for double quotes, to keep the JSON readable. */
  private static String error(String json) {
    InvalidFilterException e = assertThrows(InvalidFilterException.class, () -> Filter.parse(json.replace('\'', '"')));
    return e.getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), () -> "expected \"" + p + "\" in: " + message);
    }
  }

  @Test
  void invalidJsonText() {
    assertTrue(error("{'must': [").startsWith("filter is not valid JSON"));
  }

  @Test
  void duplicateFieldsAreRefusedNotSilentlyDropped() {
    assertContains(error("{'must': [], 'must': [{'is_null': {'key': 'x'}}]}"), "filter is not valid JSON", "must");
  }

  @Test
  void rootMustBeAnObject() {
    assertEquals("filter must be a JSON object with must/should/must_not, got [1]", error("[1]"));
    assertContains(assertThrows(InvalidFilterException.class, () -> Filter.parse((JsonNode) null)).getMessage(),
        "got null");
  }

  @Test
  void conditionMustBeAnObject() {
    assertEquals("filter.should[1] must be an object (a condition), got \"x\"",
        error("{'should': [{'is_null': {'key': 'a'}}, 'x']}"));
  }

  @Test
  void conditionListMustBeAnArray() {
    assertEquals("filter.must_not must be an array of conditions, got 1", error("{'must_not': 1}"));
  }

  @Test
  void unknownConditionKeyIsNamedWithTheExpectedOnes() {
    assertEquals("unknown condition key \"matchh\" at filter.must[0]; expected one of key+match, key+range,"
        + " is_null, is_empty, has_id, must/should/must_not",
        error("{'must': [{'key': 'a', 'matchh': {'value': 1}}]}"));
    assertContains(error("{'must': [], 'filter': []}"), "\"filter\" at filter;", "must/should/must_not");
    assertContains(error("{'min_should': {}}"), "\"min_should\"");
  }

  @Test
  void twoKindsOfConditionInOneObject() {
    assertEquals("filter.must[0] mixes is_null and must/should/must_not; one object holds one condition,"
        + " wrap several in \"must\"", error("{'must': [{'is_null': {'key': 'a'}, 'must': []}]}"));
    assertContains(error("{'must': [{'key': 'a', 'match': {'value': 1}, 'has_id': [1]}]}"),
        "filter.must[0] mixes key and has_id");
  }

  @Test
  void matchOrRangeWithoutKey() {
    assertEquals("filter.must[0] has \"match\" but no \"key\"; expected {\"key\": \"field\", \"match\": ...}",
        error("{'must': [{'match': {'value': 1}}]}"));
  }

  @Test
  void keyNeedsExactlyOneOfMatchOrRange() {
    assertContains(error("{'must': [{'key': 'a'}]}"), "filter.must[0] with \"key\"", "got neither");
    assertContains(error("{'must': [{'key': 'a', 'match': {'value': 1}, 'range': {'gt': 1}}]}"), "got both");
  }

  @Test
  void keyMustBeANonEmptyDottedName() {
    assertEquals("filter.must.key must be a non-empty string such as \"author.name\", got 3",
        error("{'must': {'key': 3, 'match': {'value': 1}}}"));
    assertContains(error("{'must': [{'key': '', 'match': {'value': 1}}]}"), "filter.must[0].key", "got \"\"");
    assertContains(error("{'must': [{'key': 'a..b', 'match': {'value': 1}}]}"),
        "filter.must[0].key \"a..b\" has an empty name between dots");
    assertContains(error("{'must': [{'is_empty': {'key': 'a.'}}]}"), "filter.must[0].is_empty.key \"a.\"");
  }

  @Test
  void matchNeedsOneKnownOperator() {
    assertEquals("unknown match \"phrase\" at filter.should[0].match; expected value, any, except or text",
        error("{'should': [{'key': 'p', 'match': {'phrase': 'x'}}]}"));
    assertContains(error("{'must': [{'key': 'p', 'match': {'value': 1, 'any': [1]}}]}"),
        "filter.must[0].match must be an object with one of value, any, except, text, got {");
    assertContains(error("{'must': [{'key': 'p', 'match': {'text': 1}}]}"),
        "filter.must[0].match.text must be a string of words, got 1");
    assertContains(error("{'must': [{'key': 'p', 'match': 'x'}]}"), "filter.must[0].match", "got \"x\"");
  }

  @Test
  void matchValueMustBeAScalar() {
    assertEquals("filter.must[0].match.value must be a string, number or boolean, got null",
        error("{'must': [{'key': 'p', 'match': {'value': null}}]}"));
    assertContains(error("{'must': [{'key': 'p', 'match': {'value': {'a': 1}}}]}"), "got {\"a\":1}");
  }

  @Test
  void anyAndExceptNeedArraysOfScalars() {
    assertEquals("filter.must[0].match.any must be an array of values, got \"a\"",
        error("{'must': [{'key': 't', 'match': {'any': 'a'}}]}"));
    assertEquals("filter.must_not[0].match.except[1] must be a string, number or boolean, got [2]",
        error("{'must_not': [{'key': 't', 'match': {'except': ['a', [2]]}}]}"));
  }

  @Test
  void rangeNeedsAnObjectOfKnownBounds() {
    assertContains(error("{'must': [{'key': 'p', 'range': 5}]}"), "filter.must[0].range must be an object such as",
        "got 5");
    assertEquals("unknown field \"above\" at filter.must[0].range; expected gt, gte, lt, lte",
        error("{'must': [{'key': 'p', 'range': {'gt': 1, 'above': 2}}]}"));
  }

  @Test
  void rangeBoundOfWrongType() {
    assertEquals("filter.must[1].range.gt must be a number or a date string, got true",
        error("{'must': [{'key': 'a', 'match': {'value': 1}}, {'key': 'p', 'range': {'gt': true}}]}"));
  }

  @Test
  void rangeWithOnlyNullBounds() {
    assertEquals("filter.must[0].range needs at least one non-null bound of gt, gte, lt or lte,"
        + " got {\"gte\":null}", error("{'must': [{'key': 'd', 'range': {'gte': null}}]}"));
  }

  @Test
  void rangeMixingNumbersAndDates() {
    assertContains(error("{'must': [{'key': 'd', 'range': {'gte': 1, 'lt': '2024-01-01'}}]}"),
        "filter.must[0].range mixes numbers and dates", "\"lt\":\"2024-01-01\"");
  }

  @Test
  void dateBoundThatDoesNotParse() {
    assertEquals("filter.must[0].range.gte must be an ISO-8601 date or date-time such as 2024-01-31 or"
        + " 2024-01-31T12:00:00Z, got \"yesterday\"", error("{'must': [{'key': 'd', 'range': {'gte': 'yesterday'}}]}"));
    assertContains(error("{'must': [{'key': 'd', 'range': {'lt': '2024-02-30'}}]}"), "range.lt", "\"2024-02-30\"");
  }

  @Test
  void isNullAndIsEmptyNeedAnObjectWithKey() {
    assertContains(error("{'must': [{'is_null': 'x'}]}"), "filter.must[0].is_null must be an object such as",
        "got \"x\"");
    assertEquals("unknown field \"field\" at filter.must[0].is_empty; expected key",
        error("{'must': [{'is_empty': {'field': 'x'}}]}"));
    assertContains(error("{'must': [{'is_empty': {}}]}"), "filter.must[0].is_empty", "got {}");
  }

  @Test
  void hasIdNeedsUnsignedIntegersOrUuids() {
    assertEquals("filter.must[0].has_id must be an array of ids, got 5", error("{'must': [{'has_id': 5}]}"));
    assertEquals("filter.must[0].has_id[1] must be an unsigned 64-bit integer or a UUID string, got \"not-a-uuid\"",
        error("{'must': [{'has_id': [1, 'not-a-uuid']}]}"));
    assertContains(error("{'must': [{'has_id': [-1]}]}"), "has_id[0]", "got -1");
    assertContains(error("{'must': [{'has_id': [1.5]}]}"), "has_id[0]", "got 1.5");
    assertContains(error("{'must': [{'has_id': [18446744073709551616]}]}"), "got 18446744073709551616");
    Filter.HasId max = assertInstanceOf(Filter.HasId.class,
        ((Filter.Bool) Filter.parse("{\"must\": [{\"has_id\": [18446744073709551615]}]}")).must().get(0));
    assertEquals(new BigInteger("18446744073709551615"), max.ids().get(0).bigIntegerValue());
  }

  @Test
  void handBuiltRecordsAreValidatedToo() {
    assertContains(assertThrows(InvalidFilterException.class, () -> new Filter.Match("", IntNode.valueOf(1))).getMessage(),
        "match key must be a non-empty string");
    assertContains(assertThrows(InvalidFilterException.class, () -> new Filter.Match("a", NullNode.getInstance()))
        .getMessage(), "match value must be a string, number or boolean, got null");
    assertContains(assertThrows(InvalidFilterException.class, () -> new Filter.Range("p", null, null, null, null))
        .getMessage(), "range on 'p' needs at least one of gt, gte, lt, lte");
    assertContains(assertThrows(InvalidFilterException.class, () -> new Filter.Range("p", Double.NaN, null, null, null))
        .getMessage(), "NaN");
    assertContains(assertThrows(InvalidFilterException.class,
        () -> new Filter.DateRange("d", Long.MAX_VALUE, null, null, null)).getMessage(), "within years 0000-9999");
    assertContains(assertThrows(InvalidFilterException.class, () -> new Filter.HasId(List.of(TextNode.valueOf("x"))))
        .getMessage(), "has_id holds \"x\"");
    List<JsonNode> values = new ArrayList<>(List.of(TextNode.valueOf("a")));
    Filter.MatchAny any = new Filter.MatchAny("t", values);
    values.add(BooleanNode.TRUE);
    assertEquals(1, any.values().size(), "the record keeps its own copy of the list");
  }

  @Test
  void singleConditionsAreAcceptedInPlaceOfListsAndAtTheRoot() {
    Filter f = Filter.parse("{\"must\": {\"key\": \"a\", \"match\": {\"value\": 1}}}");
    assertEquals(new Filter.Bool(List.of(new Filter.Match("a", IntNode.valueOf(1))), List.of(), List.of()), f);
    assertEquals(new Filter.IsNull("x"), Filter.parse("{\"is_null\": {\"key\": \"x\"}}"));
    assertEquals(new Filter.Bool(List.of(), List.of(), List.of()), Filter.parse("{}"));
    assertEquals(new Filter.Bool(List.of(), List.of(), List.of()), Filter.parse("{\"must\": null}"));
  }

  @Test
  void toJsonParsesBackToTheSameFilter() {
    String json = "{\"must\": [{\"key\": \"author.name\", \"match\": {\"value\": \"ann\"}},"
        + " {\"key\": \"p\", \"range\": {\"gt\": 1, \"gte\": null, \"lte\": 9.5}},"
        + " {\"key\": \"d\", \"range\": {\"gte\": \"2024-01-01\", \"lt\": \"2024-06-01T12:30:00+02:00\"}}],"
        + " \"should\": [{\"key\": \"tags\", \"match\": {\"any\": [\"a\", 2, true]}}, {\"is_null\": {\"key\": \"x\"}},"
        + "   {\"must_not\": [{\"is_empty\": {\"key\": \"y\"}}]}],"
        + " \"must_not\": [{\"key\": \"t\", \"match\": {\"except\": [\"z\"]}},"
        + "   {\"has_id\": [7, \"550e8400-e29b-41d4-a716-446655440000\", 18446744073709551615]}]}";
    Filter f = Filter.parse(json);
    Filter back = Filter.parse(f.toJson());
    assertEquals(f, back);
    assertEquals(f.toJson(), back.toJson());
    Filter.Bool b = assertInstanceOf(Filter.Bool.class, f);
    assertEquals(new Filter.Range("p", 1.0, null, null, 9.5), b.must().get(1));
    Filter.DateRange d = assertInstanceOf(Filter.DateRange.class, b.must().get(2));
    assertEquals(1704067200_000_000L, d.gte());
    assertEquals(1717237800_000_000L, d.lt());
  }

  @Test
  void toJsonShape() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Filter filter = new Filter.Bool(
        List.of(new Filter.Range("p", null, 1.0, null, null), new Filter.DateRange("d", null, null, 1_500_000L, null)),
        List.of(),
        List.of(new Filter.MatchAny("t", List.of(f.textNode("a"), f.numberNode(2))), new Filter.IsEmpty("e")));
    assertEquals("{\"must\":[{\"key\":\"p\",\"range\":{\"gte\":1.0}},"
        + "{\"key\":\"d\",\"range\":{\"lt\":\"1970-01-01T00:00:01.500Z\"}}],"
        + "\"must_not\":[{\"key\":\"t\",\"match\":{\"any\":[\"a\",2]}},{\"is_empty\":{\"key\":\"e\"}}]}",
        filter.toJson().toString());
  }
}
