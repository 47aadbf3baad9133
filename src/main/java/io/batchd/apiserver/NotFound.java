package io.batchd.apiserver;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Kubernetes {@code Status} kube-apiserver sends for a path it does not serve. */
final class NotFound {
  private static final String BODY;

  static {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("metadata", Map.of());
    status.put("status", "Failure");
    status.put("message", "the server could not find the requested resource");
    status.put("reason", "NotFound");
    status.put("details", Map.of());
    status.put("code", 404);
    BODY = Json.MAPPER.writeValueAsString(status);
  }

  private NotFound() {}

  static void respond(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(404)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private")
        .end(BODY);
  }
}
