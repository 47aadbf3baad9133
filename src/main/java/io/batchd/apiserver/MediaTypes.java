package io.batchd.apiserver;

import io.batchd.api.errors.StatusException;
import java.util.Locale;

/** Content negotiation: which encoding a client sends and which one it wants back. */
final class MediaTypes {
  static final String JSON = "application/json";
  static final String YAML = "application/yaml";
  static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  static final String APPLY_PATCH = "application/apply-patch+yaml";

  /** The response forms a client may ask for in {@code Accept}. */
  enum Response {
    JSON,
    YAML,
    TABLE
  }

  private MediaTypes() {}

  /**
   * Picks the response form from {@code Accept}, in the client's order of preference. kubectl asks
   * for {@code application/json;as=Table;v=v1;g=meta.k8s.io,application/json}; protobuf is not
   * served yet, so a client offering JSON as well gets JSON.
   */
  static Response negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return Response.JSON;
    }
    for (String option : accept.split(",")) {
      String o = option.trim().toLowerCase(Locale.ROOT);
      String base = o.split(";")[0].trim();
      if (o.contains("as=table")) {
        if (base.equals(JSON) && (o.contains("g=meta.k8s.io"))) {
          return Response.TABLE;
        }
        continue;
      }
      if (o.contains("as=")) {
        continue; // another server-side transformation (PartialObjectMetadata) not offered
      }
      switch (base) {
        case JSON, "application/*", "*/*", "*" -> {
          return Response.JSON;
        }
        case YAML -> {
          return Response.YAML;
        }
        default -> {}
      }
    }
    throw StatusException.notAcceptable(
        "only the following media types are accepted: application/json, application/yaml,"
            + " application/json;as=Table;v=v1;g=meta.k8s.io");
  }

  /** The base type of a {@code Content-Type}, without parameters, in lower case. */
  static String base(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }
}
