package io.batchd.apiserver.fieldmanager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The shape of a value as server-side apply sees it, structured-merge-diff's schema atoms: a
 * scalar; a map (a struct with named fields, or a map with one element type), merged key by key
 * unless atomic; a list, replaced whole (atomic), merged as a set of scalars, or merged as an
 * associative list by its key fields; or untyped, where the value's own shape decides (maps merge,
 * lists are atomic). Nodes may refer to each other in cycles, as the schemas they come from do.
 */
final class TypeSchema {
  enum Kind {
    SCALAR,
    MAP,
    LIST,
    UNTYPED
  }

  enum ListType {
    ATOMIC,
    SET,
    MAP
  }

  static final TypeSchema SCALAR = new TypeSchema(Kind.SCALAR);
  static final TypeSchema UNTYPED = new TypeSchema(Kind.UNTYPED);

  /** A list under an untyped value: replaced whole, as structured-merge-diff deduces. */
  private static final TypeSchema UNTYPED_LIST = list(UNTYPED, ListType.ATOMIC, List.of());

  /** A map under an untyped value: merged key by key. */
  private static final TypeSchema UNTYPED_MAP = map(Map.of(), UNTYPED, false);

  private Kind kind;
  private final Map<String, TypeSchema> fields = new LinkedHashMap<>();
  private final Map<String, JsonNode> defaults = new LinkedHashMap<>();
  private TypeSchema elements;
  private boolean atomic;
  private ListType listType;
  private List<String> keys = List.of();

  TypeSchema(Kind kind) {
    this.kind = kind;
  }

  static TypeSchema map(Map<String, TypeSchema> fields, TypeSchema elements, boolean atomic) {
    TypeSchema t = new TypeSchema(Kind.MAP);
    t.fields.putAll(fields);
    t.elements = elements;
    t.atomic = atomic;
    return t;
  }

  static TypeSchema list(TypeSchema items, ListType listType, List<String> keys) {
    TypeSchema t = new TypeSchema(Kind.LIST);
    t.elements = items;
    t.listType = listType;
    t.keys = List.copyOf(keys);
    return t;
  }

  /** Fills a node made ahead of its contents (for cycles) as a map. */
  void defineMap(Map<String, TypeSchema> fields, TypeSchema elements, boolean atomic) {
    this.kind = Kind.MAP;
    this.fields.putAll(fields);
    this.elements = elements;
    this.atomic = atomic;
  }

  /** Copies another node's definition into this one, which was made ahead of it. */
  void defineAs(TypeSchema other) {
    this.kind = other.kind;
    this.fields.putAll(other.fields);
    this.defaults.putAll(other.defaults);
    this.elements = other.elements;
    this.atomic = other.atomic;
    this.listType = other.listType;
    this.keys = other.keys;
  }

  void setDefault(String field, JsonNode value) {
    defaults.put(field, value);
  }

  /** The kind this schema takes for {@code value}: untyped values take their own shape. */
  TypeSchema resolve(JsonNode value) {
    if (kind != Kind.UNTYPED) {
      return this;
    }
    if (value != null && value.isObject()) {
      return UNTYPED_MAP;
    }
    if (value != null && value.isArray()) {
      return UNTYPED_LIST;
    }
    return SCALAR;
  }

  Kind kind() {
    return kind;
  }

  boolean atomic() {
    return kind == Kind.LIST ? listType == ListType.ATOMIC : atomic;
  }

  ListType listType() {
    return listType;
  }

  List<String> keys() {
    return keys;
  }

  /** A declared field of a struct, or null. */
  TypeSchema field(String name) {
    return fields.get(name);
  }

  /** The default of a declared field, or null; associative list keys fall back to it. */
  JsonNode fieldDefault(String name) {
    return defaults.get(name);
  }

  /** The schema of the value under {@code name}: its field's, else the map's element type. */
  TypeSchema child(String name) {
    TypeSchema f = fields.get(name);
    return f != null ? f : elements;
  }

  /** The element type of a list. */
  TypeSchema items() {
    return elements;
  }
}
