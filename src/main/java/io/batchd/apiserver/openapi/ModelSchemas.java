package io.batchd.apiserver.openapi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the definitions of fabric8 model classes and of everything they reach, by reading the
 * {@code @JsonProperty} fields the classes serialize. Each definition is named as upstream names it
 * ({@link SchemaNames}); lists carry upstream's merge extensions ({@link ListSemantics}), atomic
 * structs and maps upstream's map type ({@link MapSemantics}), and objects their required fields
 * where known ({@link RequiredFields}).
 *
 * <p>The documents describe what the server accepts, which is fabric8's model: where fabric8 knows
 * fields newer than the Kubernetes version batchd matches, they appear, unless batchd refuses them
 * ({@link #UNSERVED}). One instance builds the definitions of one document.
 */
final class ModelSchemas {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Fields the model knows and the registry refuses, so no client is told to send them. */
  private static final Set<String> UNSERVED = Set.of("io.k8s.api.batch.v1.JobSpec#scheduling");

  /** Plain strings in fabric8 that upstream types as {@code metav1.Time}, found by their names. */
  private static final Set<String> TIME_NAMES = Set.of("time", "startedAt", "finishedAt");

  private static final Map<String, String> STANDARD_FIELDS =
      Map.of(
          "apiVersion", "Versioned schema of this object, such as v1 or batch/v1.",
          "kind", "Kind of this object, in CamelCase, such as Job.",
          "spec", "Desired state of the object.",
          "status",
              "Observed state of the object, written by the server and its controllers through"
                  + " the status subresource.",
          "items", "The objects in the list.");

  private final SchemaDialect dialect;
  private final SortedMap<String, ObjectNode> definitions = new TreeMap<>();

  ModelSchemas(SchemaDialect dialect) {
    this.dialect = dialect;
  }

  /** Every definition built so far, by name. */
  SortedMap<String, ObjectNode> definitions() {
    return definitions;
  }

  /** Defines {@code type} and everything it reaches, and returns its definition name. */
  String define(Class<?> type) {
    String name = SchemaNames.of(type);
    if (definitions.containsKey(name)) {
      return name;
    }
    if (WellKnownSchemas.contains(name)) {
      return defineWellKnown(name);
    }
    ObjectNode schema = NODES.objectNode();
    // Registered before its properties, so that a type reaching itself ends the recursion here.
    definitions.put(name, schema);
    boolean topLevel = isTopLevel(type);
    ObjectNode properties = NODES.objectNode();
    properties(type)
        .forEach(
            (property, field) -> {
              if (!UNSERVED.contains(name + "#" + property)) {
                properties.set(property, propertySchema(name, property, field, topLevel));
              }
            });
    if (!properties.isEmpty()) {
      schema.set("properties", properties);
    }
    List<String> required =
        KubernetesResourceList.class.isAssignableFrom(type)
            ? List.of("items")
            : RequiredFields.of(name);
    if (!required.isEmpty()) {
      ArrayNode array = schema.putArray("required");
      required.forEach(array::add);
    }
    schema.put("type", "object");
    MapSemantics.writeDefinition(name, schema);
    return name;
  }

  /** Defines one of the {@link WellKnownSchemas} by name and returns the name. */
  String defineWellKnown(String name) {
    definitions.computeIfAbsent(name, n -> WellKnownSchemas.definition(n, dialect));
    return name;
  }

  /**
   * Marks {@code type}'s definition as the schema of {@code gvk}, as kubectl's explain and apply
   * look kinds up by this extension. A definition may serve several kinds.
   */
  void markKind(Class<?> type, Gvk gvk, String description) {
    ObjectNode schema = definitions.get(define(type));
    if (!schema.has("description")) {
      schema.put("description", description);
    }
    ArrayNode kinds =
        schema.has("x-kubernetes-group-version-kind")
            ? (ArrayNode) schema.get("x-kubernetes-group-version-kind")
            : schema.putArray("x-kubernetes-group-version-kind");
    ObjectNode entry = kinds.addObject();
    gvk.asMap().forEach(entry::put);
  }

  /** A schema that points at the definition {@code name}. */
  private ObjectNode ref(String name) {
    return NODES.objectNode().put("$ref", dialect.ref(name));
  }

  private ObjectNode propertySchema(String owner, String property, Field field, boolean topLevel) {
    ObjectNode schema = typeSchema(field.getGenericType(), property);
    ListSemantics.of(owner, property).ifPresent(semantics -> semantics.writeTo(schema));
    MapSemantics.writeProperty(owner, property, schema);
    String description = topLevel ? standardDescription(property, field.getType()) : null;
    if (description == null) {
      return schema;
    }
    if (schema.has("$ref") && dialect == SchemaDialect.V3) {
      // OpenAPI 3 ignores siblings of $ref; upstream wraps the reference to keep a description.
      ObjectNode wrapped = NODES.objectNode();
      wrapped.putArray("allOf").add(schema);
      return wrapped.put("description", description);
    }
    return schema.put("description", description);
  }

  private static String standardDescription(String property, Class<?> type) {
    if (property.equals("metadata")) {
      return type == ListMeta.class
          ? "List metadata: the resourceVersion of the list and the token to continue it."
          : "Standard object metadata: name, namespace, labels, annotations and the fields the"
              + " server sets.";
    }
    return STANDARD_FIELDS.get(property);
  }

  private ObjectNode typeSchema(Type type, String property) {
    if (type instanceof ParameterizedType parameterized
        && parameterized.getRawType() instanceof Class<?> raw) {
      Type[] arguments = parameterized.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        ObjectNode array = NODES.objectNode();
        array.set("items", typeSchema(arguments[0], null));
        return array.put("type", "array");
      }
      if (Map.class.isAssignableFrom(raw)) {
        ObjectNode map = NODES.objectNode();
        map.set("additionalProperties", typeSchema(arguments[1], null));
        return map.put("type", "object");
      }
      return typeSchema(raw, property);
    }
    if (!(type instanceof Class<?> c)) {
      return freeForm();
    }
    if (c == String.class) {
      return property != null && isTime(property)
          ? ref(defineWellKnown(SchemaNames.TIME))
          : scalar("string", null);
    }
    if (c == Integer.class || c == int.class || c == Short.class || c == short.class) {
      return scalar("integer", "int32");
    }
    if (c == Long.class || c == long.class) {
      return scalar("integer", "int64");
    }
    if (c == Double.class || c == double.class) {
      return scalar("number", "double");
    }
    if (c == Float.class || c == float.class) {
      return scalar("number", "float");
    }
    if (c == Boolean.class || c == boolean.class) {
      return scalar("boolean", null);
    }
    if (c == byte[].class) {
      return scalar("string", "byte");
    }
    if (c.isEnum()) {
      return scalar("string", null);
    }
    if (SchemaNames.isModel(c) && !c.getSimpleName().equals("AnyType")) {
      return ref(define(c));
    }
    return freeForm();
  }

  /**
   * fabric8 keeps {@code metav1.Time} fields as strings; upstream names them {@code ...Time},
   * {@code ...Timestamp}, {@code startedAt}, {@code finishedAt} or {@code time}, and no other
   * string field of the model is named so.
   */
  private static boolean isTime(String property) {
    return property.endsWith("Time")
        || property.endsWith("Timestamp")
        || TIME_NAMES.contains(property);
  }

  private static ObjectNode scalar(String type, String format) {
    ObjectNode schema = NODES.objectNode();
    if (format != null) {
      schema.put("format", format);
    }
    return schema.put("type", type);
  }

  /** Any JSON value, for the few fields fabric8 types as a bare object. */
  private static ObjectNode freeForm() {
    return NODES.objectNode().put("x-kubernetes-preserve-unknown-fields", true);
  }

  private static boolean isTopLevel(Class<?> type) {
    return HasMetadata.class.isAssignableFrom(type)
        || KubernetesResourceList.class.isAssignableFrom(type);
  }

  /** The properties {@code type} serializes, by JSON name, from its class and its superclasses. */
  private static SortedMap<String, Field> properties(Class<?> type) {
    SortedMap<String, Field> fields = new TreeMap<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        JsonProperty property = field.getAnnotation(JsonProperty.class);
        if (property == null
            || Modifier.isStatic(field.getModifiers())
            || field.isAnnotationPresent(JsonIgnore.class)) {
          continue;
        }
        fields.putIfAbsent(property.value().isEmpty() ? field.getName() : property.value(), field);
      }
    }
    return fields;
  }
}
