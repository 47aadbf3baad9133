package io.batchd.apiserver;

import io.batchd.api.errors.StatusException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Semaphore;

/**
 * kube-apiserver's max-in-flight filter: at most so many reads and so many writes are served at
 * once; beyond that a request gets 429 with {@code Retry-After: 1} at once instead of queuing
 * without bound. Watches are long-running and not counted, as upstream.
 */
final class InflightLimit {
  private final Semaphore reads;
  private final Semaphore writes;

  InflightLimit(int maxReads, int maxWrites) {
    this.reads = new Semaphore(maxReads);
    this.writes = new Semaphore(maxWrites);
  }

  void register(Router router) {
    router.route("/api*").order(-1).handler(this::admit);
  }

  private void admit(RoutingContext ctx) {
    if (isLongRunning(ctx)) {
      ctx.next();
      return;
    }
    Semaphore pool = isMutating(ctx.request().method()) ? writes : reads;
    if (!pool.tryAcquire()) {
      ctx.response().putHeader("Retry-After", "1");
      Responses.error(
          ctx, StatusException.tooManyRequests("Too many requests, please try again later."));
      return;
    }
    ctx.addEndHandler(done -> pool.release());
    ctx.next();
  }

  private static boolean isMutating(HttpMethod method) {
    return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
  }

  private static boolean isLongRunning(RoutingContext ctx) {
    String watch = ctx.request().getParam("watch");
    return "true".equals(watch)
        || "1".equals(watch)
        || ctx.normalizedPath().contains("/watch/")
        || "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
  }
}
