package io.batchd.apiserver;

import io.vertx.ext.web.RoutingContext;

/**
 * A subresource with rules of its own, such as a pod's {@code binding}, {@code eviction} or {@code
 * log}: it answers the request itself, or throws a {@link io.batchd.api.errors.StatusException}.
 */
@FunctionalInterface
interface SubresourceRoute {
  void handle(RoutingContext ctx, String namespace, String name, byte[] body);
}
