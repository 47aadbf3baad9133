package io.batchd.apiserver.openapi;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A parameter of an operation, as both OpenAPI versions describe it.
 *
 * @param name the parameter name
 * @param in {@code query} or {@code path}
 * @param type the JSON type of its value: {@code string}, {@code integer} or {@code boolean}
 * @param required whether every request must carry it
 * @param description what it does, in a sentence
 */
record Parameter(String name, String in, String type, boolean required, String description) {

  static Parameter query(String name, String type, String description) {
    return new Parameter(name, "query", type, false, description);
  }

  static Parameter path(String name, String description) {
    return new Parameter(name, "path", "string", true, description);
  }

  /** The parameter object: v3 puts the type under {@code schema}, v2 beside the name. */
  ObjectNode toNode(SchemaDialect dialect) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("description", description).put("in", in).put("name", name);
    if (required) {
      node.put("required", true);
    }
    if (dialect == SchemaDialect.V3) {
      node.putObject("schema").put("type", type);
    } else {
      node.put("type", type);
    }
    return node;
  }
}
