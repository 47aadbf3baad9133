package io.batchd.apiserver;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Moves a handler that may block off the event loop, onto a virtual thread. */
@FunctionalInterface
interface Blocking {
  Handler<RoutingContext> of(Handler<RoutingContext> handler);
}
