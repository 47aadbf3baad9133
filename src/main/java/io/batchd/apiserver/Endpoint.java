package io.batchd.apiserver;

import io.batchd.registry.ResourceType;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The requests of one served resource, and what discovery says about it. */
interface Endpoint {
  ResourceType<?> type();

  /** The verbs discovery lists for the resource itself. */
  List<String> verbs();

  /** Serves one request; errors are thrown as {@link io.batchd.api.errors.StatusException}. */
  void handle(RoutingContext ctx, RequestInfo info, byte[] body);
}
