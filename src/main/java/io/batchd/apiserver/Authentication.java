package io.batchd.apiserver;

import io.batchd.api.errors.StatusException;
import io.batchd.apiserver.security.BearerTokenAuthenticator;
import io.batchd.apiserver.security.UserInfo;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Requires a known bearer token (the server's own, or one of the token file's) on every request
 * except the public health and version endpoints, which kube-apiserver also serves to anyone
 * (system:public-info-viewer), and tells later handlers who the user is.
 */
final class Authentication {
  private static final Set<String> PUBLIC = Set.of("/version", "/healthz", "/livez", "/readyz");

  private final BearerTokenAuthenticator authenticator;

  Authentication(String token, java.util.Map<String, UserInfo> users) {
    java.util.Map<String, UserInfo> all = new java.util.HashMap<>(users);
    all.put(token, UserInfo.ADMIN);
    this.authenticator = new BearerTokenAuthenticator(all);
  }

  void register(Router router) {
    router.route().order(-1).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    java.util.Optional<UserInfo> user =
        authenticator.user(ctx.request().getHeader("Authorization"));
    if (user.isPresent()) {
      ctx.put(Authorization.USER, user.get());
      ctx.next();
      return;
    }
    if (PUBLIC.contains(path)) {
      ctx.next();
      return;
    }
    Responses.error(ctx, StatusException.unauthorized());
  }
}
