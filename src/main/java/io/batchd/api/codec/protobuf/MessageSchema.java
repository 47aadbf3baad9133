package io.batchd.api.codec.protobuf;

import io.batchd.api.codec.protobuf.Field.Kind;
import io.batchd.api.codec.protobuf.Field.Shape;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The table for one protobuf message type: field number to JSON name and kind. Tables are written
 * by hand from Kubernetes' {@code generated.proto} files and Go types, bottom-up, so a schema only
 * refers to schemas built before it (which also keeps the graph acyclic and the decoder's recursion
 * bounded by the schema, not by the body).
 *
 * <p>A message whose Go type has its own JSON form ({@code resource.Quantity}, {@code
 * intstr.IntOrString}, {@code metav1.Time}, ...) carries a {@link #jsonForm()} that turns its
 * decoded fields into that form.
 */
final class MessageSchema {
  private final String name;
  private final Map<Integer, Field> fields;
  private final Function<ObjectNode, JsonNode> jsonForm;

  private MessageSchema(
      String name, Map<Integer, Field> fields, Function<ObjectNode, JsonNode> jsonForm) {
    this.name = name;
    this.fields = Map.copyOf(fields);
    this.jsonForm = jsonForm;
  }

  static Builder builder(String name) {
    return new Builder(name);
  }

  /** The Go type's name, for error messages. */
  String name() {
    return name;
  }

  /** The field with this number, or null if the table does not know it. */
  Field field(int number) {
    return fields.get(number);
  }

  /** All fields, in no particular order. */
  Collection<Field> fields() {
    return fields.values();
  }

  /** Converts the decoded fields into the type's own JSON form, or null for a plain object. */
  Function<ObjectNode, JsonNode> jsonForm() {
    return jsonForm;
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * Adds fields by Go type. The plain methods are for Go value fields (zero values omitted, as
   * {@code omitempty} does); the {@code ...Ptr} methods are for Go pointer fields, where an
   * explicit zero such as {@code backoffLimit: 0} must survive.
   */
  static final class Builder {
    private final String name;
    private final Map<Integer, Field> fields = new HashMap<>();
    private Function<ObjectNode, JsonNode> jsonForm;

    private Builder(String name) {
      this.name = name;
    }

    private Builder add(
        int number, String json, Shape shape, Kind kind, MessageSchema message, boolean keep) {
      if (fields.put(number, new Field(number, json, shape, kind, message, keep)) != null) {
        throw new IllegalStateException(name + " declares field " + number + " twice");
      }
      return this;
    }

    Builder string(int number, String json) {
      return add(number, json, Shape.SINGLE, Kind.STRING, null, false);
    }

    Builder stringPtr(int number, String json) {
      return add(number, json, Shape.SINGLE, Kind.STRING, null, true);
    }

    Builder bytes(int number, String json) {
      return add(number, json, Shape.SINGLE, Kind.BYTES, null, false);
    }

    Builder int32(int number, String json) {
      return add(number, json, Shape.SINGLE, Kind.INT32, null, false);
    }

    Builder int32Ptr(int number, String json) {
      return add(number, json, Shape.SINGLE, Kind.INT32, null, true);
    }

    Builder int64(int number, String json) {
      return add(number, json, Shape.SINGLE, Kind.INT64, null, false);
    }

    Builder int64Ptr(int number, String json) {
      return add(number, json, Shape.SINGLE, Kind.INT64, null, true);
    }

    Builder bool(int number, String json) {
      return add(number, json, Shape.SINGLE, Kind.BOOL, null, false);
    }

    Builder boolPtr(int number, String json) {
      return add(number, json, Shape.SINGLE, Kind.BOOL, null, true);
    }

    /** A nested message, value or pointer alike: gogo writes it exactly when Go's JSON would. */
    Builder message(int number, String json, MessageSchema type) {
      return add(number, json, Shape.SINGLE, Kind.MESSAGE, type, true);
    }

    /** An embedded Go struct whose fields appear in this object's JSON. */
    Builder inline(int number, MessageSchema type) {
      return add(number, null, Shape.INLINE, Kind.MESSAGE, type, true);
    }

    Builder repeated(int number, String json, MessageSchema type) {
      return add(number, json, Shape.REPEATED, Kind.MESSAGE, type, true);
    }

    Builder strings(int number, String json) {
      return add(number, json, Shape.REPEATED, Kind.STRING, null, true);
    }

    Builder int32s(int number, String json) {
      return add(number, json, Shape.REPEATED, Kind.INT32, null, true);
    }

    Builder int64s(int number, String json) {
      return add(number, json, Shape.REPEATED, Kind.INT64, null, true);
    }

    Builder stringMap(int number, String json) {
      return add(number, json, Shape.MAP, Kind.STRING, null, true);
    }

    Builder bytesMap(int number, String json) {
      return add(number, json, Shape.MAP, Kind.BYTES, null, true);
    }

    Builder messageMap(int number, String json, MessageSchema valueType) {
      return add(number, json, Shape.MAP, Kind.MESSAGE, valueType, true);
    }

    /** A field Kubernetes has but this decoder does not read; it is skipped and reported. */
    Builder ignored(int number, String json) {
      return add(number, json, Shape.IGNORED, Kind.BYTES, null, false);
    }

    /** Gives the message a JSON form of its own (a string, number or null). */
    Builder jsonForm(Function<ObjectNode, JsonNode> form) {
      this.jsonForm = form;
      return this;
    }

    MessageSchema build() {
      return new MessageSchema(name, fields, jsonForm);
    }
  }
}
