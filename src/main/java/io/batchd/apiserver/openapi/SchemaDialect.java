package io.batchd.apiserver.openapi;

/** Where definitions live in each OpenAPI version, and so how a {@code $ref} names one. */
enum SchemaDialect {
  /** Swagger 2.0, {@code /openapi/v2}. */
  V2("#/definitions/"),
  /** OpenAPI 3.0, {@code /openapi/v3/...}. */
  V3("#/components/schemas/");

  private final String refPrefix;

  SchemaDialect(String refPrefix) {
    this.refPrefix = refPrefix;
  }

  /** The {@code $ref} value that points at the definition {@code name}. */
  String ref(String name) {
    return refPrefix + name;
  }
}
