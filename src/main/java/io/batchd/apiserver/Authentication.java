package io.batchd.apiserver;

import io.batchd.api.errors.StatusException;
import io.batchd.apiserver.security.BearerTokenAuthenticator;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Requires the server's bearer token on every request except the public health and version
 * endpoints, which kube-apiserver also serves to anyone (system:public-info-viewer).
 */
final class Authentication {
  private static final Set<String> PUBLIC = Set.of("/version", "/healthz", "/livez", "/readyz");

  private final BearerTokenAuthenticator authenticator;

  Authentication(String token) {
    this.authenticator = new BearerTokenAuthenticator(token);
  }

  void register(Router router) {
    router.route().order(-1).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (PUBLIC.contains(path)
        || authenticator.authenticate(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    Responses.error(ctx, StatusException.unauthorized());
  }
}
