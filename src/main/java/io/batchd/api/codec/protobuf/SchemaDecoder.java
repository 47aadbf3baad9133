package io.batchd.api.codec.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.WireFormat;
import io.batchd.api.codec.Codecs;
import io.batchd.api.codec.protobuf.Field.Kind;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Walks a protobuf message by its {@link MessageSchema} and writes the JSON object Go's encoder
 * would write for the same Go value. Fields the schema does not know are skipped and remembered,
 * with their JSON path, in {@link #skipped()}.
 *
 * <p>One rule needs care: gogo-protobuf writes every Go value field, even a zero one, so "present
 * on the wire" does not mean "set by the client". Zero values of value fields are therefore
 * dropped, as Go's {@code omitempty} drops them, while pointer fields keep an explicit zero.
 */
final class SchemaDecoder {
  private static final JsonNodeFactory NODES = Codecs.JSON.getNodeFactory();

  private final Set<String> skipped = new LinkedHashSet<>();

  /** What was skipped, in wire order, each once: {@code "spec.x[0]: unknown field number 99"}. */
  List<String> skipped() {
    return new ArrayList<>(skipped);
  }

  /** Decodes {@code message} into {@code target}, merging with what is already there. */
  void decodeInto(ByteString message, MessageSchema schema, ObjectNode target, String path) {
    WireReader reader = new WireReader(message);
    for (int tag = reader.readTag(); tag != 0; tag = reader.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      Field field = schema.field(number);
      if (field == null) {
        String where = path.isEmpty() ? "top level" : path;
        skipped.add(where + ": unknown field number " + number + " of " + schema.name());
        try {
          reader.skip(tag);
        } catch (MalformedProtobufException e) {
          throw e.at(path);
        }
        continue;
      }
      String fieldPath = field.shape() == Field.Shape.INLINE ? path : join(path, field.name());
      try {
        readField(reader, tag, field, target, path, fieldPath);
      } catch (MalformedProtobufException e) {
        throw e.at(fieldPath);
      }
    }
  }

  private void readField(
      WireReader reader, int tag, Field field, ObjectNode target, String path, String fieldPath) {
    switch (field.shape()) {
      case IGNORED -> {
        skipped.add(fieldPath + ": not decoded from protobuf");
        reader.skip(tag);
      }
      case INLINE -> decodeInto(lengthDelimited(reader, tag, field), field.message(), target, path);
      case SINGLE -> readSingle(reader, tag, field, target, fieldPath);
      case REPEATED -> readRepeated(reader, tag, field, target, fieldPath);
      case MAP -> readMapEntry(reader, tag, field, target, fieldPath);
    }
  }

  private void readSingle(
      WireReader reader, int tag, Field field, ObjectNode target, String fieldPath) {
    if (field.kind() == Kind.MESSAGE && field.message().jsonForm() == null) {
      // A repeated occurrence of a nested message merges into the first, as in Go.
      JsonNode existing = target.get(field.name());
      ObjectNode child =
          existing instanceof ObjectNode object ? object : target.putObject(field.name());
      decodeInto(lengthDelimited(reader, tag, field), field.message(), child, fieldPath);
      return;
    }
    JsonNode value = readValue(reader, tag, field, fieldPath);
    if (field.keepZero() || !isZero(value)) {
      target.set(field.name(), value);
    } else {
      target.remove(field.name());
    }
  }

  private void readRepeated(
      WireReader reader, int tag, Field field, ObjectNode target, String fieldPath) {
    if (field.kind().isVarint()
        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      // Packed: one length-delimited run of varints. An empty run adds no (empty) list.
      WireReader packed = new WireReader(reader.readLengthDelimited());
      while (!packed.isAtEnd()) {
        arrayOf(target, field.name()).add(varintValue(field.kind(), packed.readVarint()));
      }
      return;
    }
    ArrayNode array = arrayOf(target, field.name());
    array.add(readValue(reader, tag, field, fieldPath + "[" + array.size() + "]"));
  }

  private void readMapEntry(
      WireReader reader, int tag, Field field, ObjectNode target, String fieldPath) {
    WireReader entry = new WireReader(lengthDelimited(reader, tag, field));
    String key = "";
    JsonNode value = null;
    for (int entryTag = entry.readTag(); entryTag != 0; entryTag = entry.readTag()) {
      switch (WireFormat.getTagFieldNumber(entryTag)) {
        case 1 -> {
          expectWireType(entryTag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "map key");
          key = entry.readString();
        }
        case 2 -> value = readValue(entry, entryTag, field, fieldPath + "[" + key + "]");
        default -> entry.skip(entryTag);
      }
    }
    if (value == null) {
      value = zeroValue(field, fieldPath + "[" + key + "]");
    }
    objectOf(target, field.name()).set(key, value);
  }

  /** Reads one value of the field's kind: a scalar, or a message as an object or its JSON form. */
  private JsonNode readValue(WireReader reader, int tag, Field field, String valuePath) {
    Kind kind = field.kind();
    if (kind.isVarint()) {
      expectWireType(tag, WireFormat.WIRETYPE_VARINT, kind.name().toLowerCase());
      return varintValue(kind, reader.readVarint());
    }
    ByteString bytes = lengthDelimited(reader, tag, field);
    return switch (kind) {
      case STRING -> NODES.stringNode(bytes.toStringUtf8());
      // Go writes []byte as standard base64 in JSON.
      case BYTES -> NODES.stringNode(Base64.getEncoder().encodeToString(bytes.toByteArray()));
      case MESSAGE -> messageValue(bytes, field.message(), valuePath);
      default -> throw new IllegalStateException("unexpected kind " + kind);
    };
  }

  private JsonNode messageValue(ByteString bytes, MessageSchema schema, String valuePath) {
    ObjectNode object = NODES.objectNode();
    decodeInto(bytes, schema, object, valuePath);
    return schema.jsonForm() == null ? object : schema.jsonForm().apply(object);
  }

  /** A map value the entry left out: Go's zero value of the type. */
  private JsonNode zeroValue(Field field, String valuePath) {
    return switch (field.kind()) {
      case STRING, BYTES -> NODES.stringNode("");
      case INT32, INT64 -> NODES.numberNode(0);
      case BOOL -> NODES.booleanNode(false);
      case MESSAGE -> messageValue(ByteString.EMPTY, field.message(), valuePath);
    };
  }

  private static JsonNode varintValue(Kind kind, long raw) {
    return switch (kind) {
      // int32 is sign-extended to 64 bits on the wire; the low 32 bits are the value.
      case INT32 -> NODES.numberNode((int) raw);
      // As Jackson's parser does for JSON text: an int when it fits, so trees compare equal.
      case INT64 -> raw == (int) raw ? NODES.numberNode((int) raw) : NODES.numberNode(raw);
      case BOOL -> NODES.booleanNode(raw != 0);
      default -> throw new IllegalStateException("not a varint kind: " + kind);
    };
  }

  private static ByteString lengthDelimited(WireReader reader, int tag, Field field) {
    expectWireType(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, field.kind().name().toLowerCase());
    return reader.readLengthDelimited();
  }

  private static void expectWireType(int tag, int expected, String what) {
    int actual = WireFormat.getTagWireType(tag);
    if (actual != expected) {
      throw new MalformedProtobufException(
          "field "
              + WireFormat.getTagFieldNumber(tag)
              + " has wire type "
              + actual
              + "; "
              + what
              + " fields use wire type "
              + expected);
    }
  }

  private static boolean isZero(JsonNode value) {
    return (value.isString() && value.stringValue().isEmpty())
        || (value.isNumber() && value.longValue() == 0)
        || (value.isBoolean() && !value.booleanValue());
  }

  private static ArrayNode arrayOf(ObjectNode target, String name) {
    return target.get(name) instanceof ArrayNode array ? array : target.putArray(name);
  }

  private static ObjectNode objectOf(ObjectNode target, String name) {
    return target.get(name) instanceof ObjectNode object ? object : target.putObject(name);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
