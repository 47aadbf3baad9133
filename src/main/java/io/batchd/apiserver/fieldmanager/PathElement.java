package io.batchd.apiserver.fieldmanager;

import io.batchd.api.codec.Codecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One step of a field path, as structured-merge-diff names it: a field of a map or struct, the
 * element of an associative list with given key values, the element of a set with a given value, or
 * (in lists nobody merges) an index. Path elements order as structured-merge-diff orders them,
 * which fixes the order of managedFields' {@code fieldsV1}.
 */
sealed interface PathElement extends Comparable<PathElement> {

  /** A field of a map or struct: {@code f:name}. */
  record Field(String name) implements PathElement {}

  /**
   * The element of an associative list whose key fields have these values: {@code k:{...}}.
   *
   * @param fields the key fields by name, sorted by name
   */
  record Key(List<Map.Entry<String, JsonNode>> fields) implements PathElement {}

  /** The element of a set with this value: {@code v:...}. */
  record Value(JsonNode value) implements PathElement {}

  /** An element by position: {@code i:N}. */
  record Index(int index) implements PathElement {}

  static PathElement field(String name) {
    return new Field(name);
  }

  /** A key from field name/value pairs in any order. */
  static PathElement key(List<Map.Entry<String, JsonNode>> fields) {
    List<Map.Entry<String, JsonNode>> sorted = new ArrayList<>(fields);
    sorted.sort(Map.Entry.comparingByKey());
    return new Key(List.copyOf(sorted));
  }

  @Override
  default int compareTo(PathElement other) {
    int kind = Integer.compare(kindOrder(this), kindOrder(other));
    if (kind != 0) {
      return kind;
    }
    return switch (this) {
      case Field f -> f.name().compareTo(((Field) other).name());
      case Key k -> compareKeys(k.fields(), ((Key) other).fields());
      case Value v -> JsonValues.compare(v.value(), ((Value) other).value());
      case Index i -> Integer.compare(i.index(), ((Index) other).index());
    };
  }

  private static int kindOrder(PathElement e) {
    return switch (e) {
      case Field f -> 0;
      case Key k -> 1;
      case Value v -> 2;
      case Index i -> 3;
    };
  }

  private static int compareKeys(
      List<Map.Entry<String, JsonNode>> a, List<Map.Entry<String, JsonNode>> b) {
    for (int i = 0; ; i++) {
      if (i >= a.size() || i >= b.size()) {
        return Integer.compare(a.size(), b.size());
      }
      int c = a.get(i).getKey().compareTo(b.get(i).getKey());
      if (c == 0) {
        c = JsonValues.compare(a.get(i).getValue(), b.get(i).getValue());
      }
      if (c != 0) {
        return c;
      }
    }
  }

  /** Equality by order, so that {@code 1} and {@code 1.0} name the same set element. */
  default boolean same(PathElement other) {
    return compareTo(other) == 0;
  }

  /** The form in {@code fieldsV1}: {@code f:name}, {@code k:{...}}, {@code v:...}, {@code i:N}. */
  default String serialize() {
    return switch (this) {
      case Field f -> "f:" + f.name();
      case Key k -> {
        ObjectNode key = Codecs.JSON.createObjectNode();
        k.fields().forEach(e -> key.set(e.getKey(), e.getValue()));
        yield "k:" + Codecs.JSON.writeValueAsString(key);
      }
      case Value v -> "v:" + Codecs.JSON.writeValueAsString(v.value());
      case Index i -> "i:" + i.index();
    };
  }

  /**
   * Reads the {@code fieldsV1} form of a path element.
   *
   * @return null for a prefix this version does not know, which structured-merge-diff skips
   * @throws IllegalArgumentException if the element is malformed
   */
  static PathElement parse(String text) {
    if (text.length() < 2 || text.charAt(1) != ':') {
      throw new IllegalArgumentException("not a path element: " + text);
    }
    String body = text.substring(2);
    try {
      return switch (text.charAt(0)) {
        case 'f' -> new Field(body);
        case 'k' -> {
          JsonNode key = Codecs.JSON.readTree(body);
          if (!key.isObject()) {
            throw new IllegalArgumentException("a key must be a JSON object: " + text);
          }
          List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
          key.properties().forEach(e -> fields.add(Map.entry(e.getKey(), e.getValue())));
          yield key(fields);
        }
        case 'v' -> new Value(Codecs.JSON.readTree(body));
        case 'i' -> new Index(Integer.parseInt(body));
        default -> null;
      };
    } catch (JacksonException | NumberFormatException e) {
      throw new IllegalArgumentException("malformed path element " + text + ": " + e.getMessage());
    }
  }

  /**
   * The form in conflict messages: {@code .name}, {@code [name="x"]}, {@code [=v]}, {@code [3]}.
   */
  default String display() {
    return switch (this) {
      case Field f -> "." + f.name();
      case Key k -> {
        List<String> parts = new ArrayList<>();
        k.fields().forEach(e -> parts.add(e.getKey() + "=" + JsonValues.toString(e.getValue())));
        yield "[" + String.join(",", parts) + "]";
      }
      case Value v -> "[=" + JsonValues.toString(v.value()) + "]";
      case Index i -> "[" + i.index() + "]";
    };
  }
}
