package io.batchd.apiserver.fieldmanager;

import io.batchd.apiserver.openapi.ObjectSchemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the {@link TypeSchema} of a model class from its OpenAPI definitions, reading the
 * extensions structured-merge-diff reads: {@code x-kubernetes-list-type} (atomic unless said
 * otherwise), {@code x-kubernetes-list-map-keys}, {@code x-kubernetes-map-type} and {@code
 * x-kubernetes-preserve-unknown-fields}. Built once per class.
 */
final class TypeSchemas {
  private static final Map<Class<?>, TypeSchema> BY_CLASS = new ConcurrentHashMap<>();

  private final Map<String, ObjectNode> definitions;
  private final Map<String, TypeSchema> built = new HashMap<>();

  private TypeSchemas(Map<String, ObjectNode> definitions) {
    this.definitions = definitions;
  }

  static TypeSchema of(Class<?> type) {
    return BY_CLASS.computeIfAbsent(
        type,
        t -> {
          ObjectSchemas.Definitions defs = ObjectSchemas.of(t);
          return new TypeSchemas(defs.byName()).definition(defs.root());
        });
  }

  private TypeSchema definition(String name) {
    TypeSchema existing = built.get(name);
    if (existing != null) {
      return existing;
    }
    ObjectNode schema = definitions.get(name);
    if (schema == null) {
      return TypeSchema.UNTYPED;
    }
    // Registered before its contents, so that a definition reaching itself ends here.
    TypeSchema node = new TypeSchema(TypeSchema.Kind.UNTYPED);
    built.put(name, node);
    node.defineAs(parse(schema));
    return node;
  }

  private TypeSchema parse(JsonNode schema) {
    if (schema.has("$ref")) {
      return definition(schema.get("$ref").asString().substring(ObjectSchemas.REF_PREFIX.length()));
    }
    if (schema.has("allOf") && schema.get("allOf").size() == 1) {
      return parse(schema.get("allOf").get(0));
    }
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return TypeSchema.UNTYPED;
    }
    if (schema.has("oneOf") || schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return TypeSchema.SCALAR;
    }
    String type = schema.path("type").asString("");
    return switch (type) {
      case "array" -> list(schema);
      case "object" -> map(schema);
      case "" -> TypeSchema.UNTYPED;
      default -> TypeSchema.SCALAR;
    };
  }

  private TypeSchema list(JsonNode schema) {
    TypeSchema items = parse(schema.path("items"));
    TypeSchema.ListType listType =
        switch (schema.path("x-kubernetes-list-type").asString("atomic")) {
          case "map" -> TypeSchema.ListType.MAP;
          case "set" -> TypeSchema.ListType.SET;
          default -> TypeSchema.ListType.ATOMIC;
        };
    List<String> keys = new ArrayList<>();
    schema.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asString()));
    return TypeSchema.list(items, listType, keys);
  }

  private TypeSchema map(JsonNode schema) {
    boolean atomic = "atomic".equals(schema.path("x-kubernetes-map-type").asString(""));
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    if (properties == null && (additional == null || !additional.isObject())) {
      // A free-form object (FieldsV1, RawExtension): its value's shape decides.
      return TypeSchema.UNTYPED;
    }
    Map<String, TypeSchema> fields = new LinkedHashMap<>();
    Map<String, JsonNode> defaults = new LinkedHashMap<>();
    if (properties != null) {
      properties
          .properties()
          .forEach(
              e -> {
                fields.put(e.getKey(), parse(e.getValue()));
                if (e.getValue().has("default")) {
                  defaults.put(e.getKey(), e.getValue().get("default"));
                }
              });
    }
    TypeSchema elements = additional != null && additional.isObject() ? parse(additional) : null;
    TypeSchema map = TypeSchema.map(fields, elements, atomic);
    defaults.forEach(map::setDefault);
    return map;
  }
}
