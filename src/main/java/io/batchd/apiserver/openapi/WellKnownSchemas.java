package io.batchd.apiserver.openapi;

import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Definitions that are not read from a model class: types whose JSON form is a scalar or free-form
 * (quantities, int-or-string, times) although fabric8 models them as classes or plain strings.
 * Their shapes are upstream's, which differ between v2 and v3 for the two union types.
 */
final class WellKnownSchemas {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          QUANTITY,
          "A fixed-point number with an optional suffix, such as 100m, 2Gi or 1.5; written as a"
              + " string.",
          INT_OR_STRING,
          "Either an integer or a string, such as a port number or a port name, or 25%.",
          SchemaNames.TIME,
          "A point in time, written in RFC 3339 form with second precision, in UTC.",
          SchemaNames.META_V1 + "MicroTime",
          "A point in time, written in RFC 3339 form with microsecond precision, in UTC.",
          SchemaNames.META_V1 + "Duration",
          "A length of time in Go's duration syntax, such as 300ms or 1h30m.",
          SchemaNames.META_V1 + "FieldsV1",
          "The set of fields a manager owns, in the structured-merge-diff encoding.",
          "io.k8s.apimachinery.pkg.runtime.RawExtension",
          "An embedded object of any kind.",
          SchemaNames.META_V1 + "Patch",
          "The body of a PATCH request; its form is given by the request's Content-Type.");

  private WellKnownSchemas() {}

  /** Whether the definition {@code name} is built here rather than from a model class. */
  static boolean contains(String name) {
    return DESCRIPTIONS.containsKey(name);
  }

  /** The definition {@code name} as {@code dialect} writes it. */
  static ObjectNode definition(String name, SchemaDialect dialect) {
    ObjectNode schema = NODES.objectNode();
    schema.put("description", DESCRIPTIONS.get(name));
    switch (name) {
      case QUANTITY -> {
        if (dialect == SchemaDialect.V3) {
          oneOf(schema, "string", "number");
        } else {
          schema.put("type", "string");
        }
      }
      case INT_OR_STRING -> {
        schema.put("format", "int-or-string");
        if (dialect == SchemaDialect.V3) {
          oneOf(schema, "integer", "string");
          schema.put("x-kubernetes-int-or-string", true);
        } else {
          schema.put("type", "string");
        }
      }
      case SchemaNames.TIME -> schema.put("type", "string").put("format", "date-time");
      case SchemaNames.META_V1 + "MicroTime" ->
          schema.put("type", "string").put("format", "date-time");
      case SchemaNames.META_V1 + "Duration" -> schema.put("type", "string");
      default -> schema.put("type", "object");
    }
    return schema;
  }

  private static void oneOf(ObjectNode schema, String... types) {
    var alternatives = schema.putArray("oneOf");
    for (String type : types) {
      alternatives.addObject().put("type", type);
    }
  }
}
