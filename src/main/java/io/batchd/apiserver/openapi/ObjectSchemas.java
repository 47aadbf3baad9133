package io.batchd.apiserver.openapi;

import java.util.Collections;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v3 definitions of a model class and of everything it reaches, as the documents carry
 * them: server-side apply reads its merge rules (list types and keys, atomic maps) from the same
 * schemas kubectl sees, as kube-apiserver builds its type converter from its OpenAPI models.
 */
public final class ObjectSchemas {
  /** How a {@code $ref} in these definitions names another definition. */
  public static final String REF_PREFIX = "#/components/schemas/";

  private ObjectSchemas() {}

  /**
   * The definitions reachable from {@code type}.
   *
   * @param root the name of {@code type}'s own definition
   * @param byName every definition by name
   */
  public record Definitions(String root, Map<String, ObjectNode> byName) {}

  public static Definitions of(Class<?> type) {
    ModelSchemas schemas = new ModelSchemas(SchemaDialect.V3);
    String root = schemas.define(type);
    return new Definitions(root, Collections.unmodifiableMap(schemas.definitions()));
  }
}
