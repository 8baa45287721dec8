package dev.quiver.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Binary form of an {@link Op} inside a WAL record (the WAL adds length, LSN and checksum).
 * Big-endian. First byte: the kind (1 upsert, 2 delete, 3 set payload, 4 delete payload keys,
 * 5 create payload index, 6 drop payload index). Then:
 *
 * <pre>
 * id        byte tag (0 number, 1 UUID), then long, or long most + long least significant bits
 * ids       int count, id[count]
 * upsert    int count, per point: id, short vectorCount, per vector: UTF name, int dim, float[dim];
 *           int payloadLength, payload as UTF-8 JSON
 * delete    ids
 * set       ids, byte overwrite, int length, payload JSON
 * del keys  ids, int count, UTF key[count]
 * index     UTF field, UTF type name   (drop: UTF field)
 * </pre>
 */
final class OpCodec {

  static final ObjectMapper JSON = new ObjectMapper();

  private OpCodec() {}

  static byte[] encode(Op op) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      switch (op) {
        case Op.Upsert u -> {
          out.writeByte(1);
          out.writeInt(u.points().size());
          for (Point p : u.points()) {
            writeId(out, p.id());
            out.writeShort(p.vectors().size());
            for (Map.Entry<String, float[]> e : p.vectors().entrySet()) {
              out.writeUTF(e.getKey());
              writeFloats(out, e.getValue());
            }
            writeJson(out, p.payload());
          }
        }
        case Op.Delete d -> {
          out.writeByte(2);
          writeIds(out, d.ids());
        }
        case Op.SetPayload s -> {
          out.writeByte(3);
          writeIds(out, s.ids());
          out.writeBoolean(s.overwrite());
          writeJson(out, s.payload());
        }
        case Op.DeletePayloadKeys k -> {
          out.writeByte(4);
          writeIds(out, k.ids());
          out.writeInt(k.keys().size());
          for (String key : k.keys()) {
            out.writeUTF(key);
          }
        }
        case Op.CreatePayloadIndex c -> {
          out.writeByte(5);
          out.writeUTF(c.field());
          out.writeUTF(c.type().name());
        }
        case Op.DropPayloadIndex d -> {
          out.writeByte(6);
          out.writeUTF(d.field());
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
  }

  static Op decode(byte[] record) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
    int kind = in.readUnsignedByte();
    Op op = switch (kind) {
      case 1 -> {
        int n = in.readInt();
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          PointId id = readId(in);
          int vectors = in.readUnsignedShort();
          Map<String, float[]> named = new LinkedHashMap<>();
          for (int v = 0; v < vectors; v++) {
            named.put(in.readUTF(), readFloats(in));
          }
          points.add(new Point(id, named, readJson(in)));
        }
        yield new Op.Upsert(points);
      }
      case 2 -> new Op.Delete(readIds(in));
      case 3 -> {
        List<PointId> ids = readIds(in);
        boolean overwrite = in.readBoolean();
        yield new Op.SetPayload(ids, readJson(in), overwrite);
      }
      case 4 -> {
        List<PointId> ids = readIds(in);
        int n = in.readInt();
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          keys.add(in.readUTF());
        }
        yield new Op.DeletePayloadKeys(ids, keys);
      }
      case 5 -> new Op.CreatePayloadIndex(in.readUTF(), PayloadSchemaType.valueOf(in.readUTF()));
      case 6 -> new Op.DropPayloadIndex(in.readUTF());
      default -> throw new IOException("unknown operation kind " + kind + " in a log record");
    };
    if (in.available() > 0) {
      throw new IOException(in.available() + " unexpected bytes after a kind-" + kind + " log record");
    }
    return op;
  }

  static void writeId(DataOutputStream out, PointId id) throws IOException {
    switch (id) {
      case PointId.Num n -> {
        out.writeByte(0);
        out.writeLong(n.value());
      }
      case PointId.Uuid u -> {
        out.writeByte(1);
        out.writeLong(u.value().getMostSignificantBits());
        out.writeLong(u.value().getLeastSignificantBits());
      }
    }
  }

  static PointId readId(DataInputStream in) throws IOException {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case 0 -> new PointId.Num(in.readLong());
      case 1 -> new PointId.Uuid(new UUID(in.readLong(), in.readLong()));
      default -> throw new IOException("unknown point id tag " + tag);
    };
  }

  private static void writeIds(DataOutputStream out, List<PointId> ids) throws IOException {
    out.writeInt(ids.size());
    for (PointId id : ids) {
      writeId(out, id);
    }
  }

  private static List<PointId> readIds(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<PointId> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(readId(in));
    }
    return ids;
  }

  static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(v.length);
    ByteBuffer buffer = ByteBuffer.allocate(v.length * Float.BYTES);
    buffer.asFloatBuffer().put(v);
    out.write(buffer.array());
  }

  static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > VectorParams.MAX_DIMENSION) {
      throw new IOException("impossible vector length " + n + " in a log record");
    }
    byte[] bytes = new byte[n * Float.BYTES];
    in.readFully(bytes);
    float[] v = new float[n];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
    return v;
  }

  static void writeJson(DataOutputStream out, ObjectNode node) throws IOException {
    byte[] json = JSON.writeValueAsBytes(node);
    out.writeInt(json.length);
    out.write(json);
  }

  static ObjectNode readJson(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("impossible payload length " + n + " in a log record");
    }
    byte[] json = new byte[n];
    in.readFully(json);
    return (ObjectNode) JSON.readTree(json);
  }
}
