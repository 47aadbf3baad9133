package io.batchd.apiserver;

import io.batchd.registry.StoreHealth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /healthz}, {@code /livez} and {@code /readyz} as kube-apiserver serves them: {@code ok} as
 * plain text when healthy, 500 with the failed checks when not, and one line per check with {@code
 * ?verbose}.
 */
final class HealthRoutes {
  private static final Logger log = LoggerFactory.getLogger(HealthRoutes.class);
  private final StoreHealth store;
  private final Blocking blocking;

  HealthRoutes(StoreHealth store, Blocking blocking) {
    this.store = store;
    this.blocking = blocking;
  }

  void register(Router router) {
    router.get("/livez").handler(ctx -> respond(ctx, "livez", Optional.empty()));
    router.get("/healthz").handler(blocking.of(ctx -> respond(ctx, "healthz", store.problem())));
    router.get("/readyz").handler(blocking.of(ctx -> respond(ctx, "readyz", store.problem())));
  }

  private static void respond(RoutingContext ctx, String endpoint, Optional<String> storeProblem) {
    boolean verbose = ctx.queryParams().contains("verbose");
    StringBuilder body = new StringBuilder();
    if (verbose || storeProblem.isPresent()) {
      body.append("[+]ping ok\n");
      if (!endpoint.equals("livez")) {
        body.append(
            storeProblem.isEmpty() ? "[+]store ok\n" : "[-]store failed: reason withheld\n");
      }
      body.append(endpoint).append(storeProblem.isEmpty() ? " check passed\n" : " check failed\n");
    } else {
      body.append("ok");
    }
    // As kube-apiserver does, the reason goes to the log, not to an unauthenticated caller.
    storeProblem.ifPresent(problem -> log.warn("{} failed: store: {}", endpoint, problem));
    ctx.response()
        .setStatusCode(storeProblem.isEmpty() ? 200 : 500)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(body.toString());
  }
}
