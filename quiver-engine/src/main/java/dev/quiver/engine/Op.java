package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.util.List;

/**
 * A logical write, as recorded in the write-ahead log: one record per acknowledged operation, so a
 * batch is applied on recovery entirely or not at all. Filters are resolved to ids before logging,
 * so replaying a record never depends on the state it is replayed onto beyond the ids it names.
 */
sealed interface Op {

  record Upsert(List<Point> points) implements Op {}

  record Delete(List<PointId> ids) implements Op {}

  /** Merge ({@code overwrite == false}) or replace the payload of existing points. */
  record SetPayload(List<PointId> ids, ObjectNode payload, boolean overwrite) implements Op {}

  record DeletePayloadKeys(List<PointId> ids, List<String> keys) implements Op {}

  record CreatePayloadIndex(String field, PayloadSchemaType type) implements Op {}

  record DropPayloadIndex(String field) implements Op {}
}
