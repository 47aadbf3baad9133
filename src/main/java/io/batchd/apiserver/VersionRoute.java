package io.batchd.apiserver;

import io.batchd.api.ServerVersion;
import io.vertx.ext.web.Router;

/** {@code GET /version}: the Kubernetes version batchd matches, as kube-apiserver reports it. */
final class VersionRoute {
  private final String body;

  VersionRoute(ServerVersion version) {
    this.body = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(version);
  }

  void register(Router router) {
    router
        .get("/version")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-cache, private")
                    .end(body));
  }
}
