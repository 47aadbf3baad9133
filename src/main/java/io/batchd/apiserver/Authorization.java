package io.batchd.apiserver;

import io.batchd.api.errors.StatusException;
import io.batchd.apiserver.security.AbacPolicy;
import io.batchd.apiserver.security.UserInfo;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Decides whether the authenticated user may make a resource request, by the policy the server was
 * given, and refuses with upstream's 403 wording. Administrators (the server's own token, group
 * {@code system:masters}) may do everything, as RBAC's superuser group may; without a policy every
 * authenticated user may.
 */
final class Authorization {
  static final String USER = "batchd.user";

  private final AbacPolicy policy;

  Authorization(AbacPolicy policy) {
    this.policy = policy;
  }

  void check(RoutingContext ctx, RequestInfo info) {
    UserInfo user = ctx.get(USER);
    if (policy == null || user == null || user.isAdmin()) {
      return;
    }
    String verb = verb(ctx, info);
    String namespace = info.namespace() == null ? "" : info.namespace();
    if (policy.allows(user, verb, namespace, info.group(), info.resource(), null)) {
      return;
    }
    throw forbidden(user, verb, info, namespace);
  }

  /** The verb of a resource request, named as kube-apiserver names it for authorization. */
  static String verb(RoutingContext ctx, RequestInfo info) {
    HttpMethod method = ctx.request().method();
    boolean collection = info.name() == null;
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      boolean watch =
          info.legacyWatch()
              || "true".equals(ctx.request().getParam("watch"))
              || "1".equals(ctx.request().getParam("watch"));
      return watch ? "watch" : collection ? "list" : "get";
    }
    if (method == HttpMethod.POST) {
      return "create";
    }
    if (method == HttpMethod.PUT) {
      return "update";
    }
    if (method == HttpMethod.PATCH) {
      return "patch";
    }
    if (method == HttpMethod.DELETE) {
      return collection ? "deletecollection" : "delete";
    }
    return method.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static StatusException forbidden(
      UserInfo user, String verb, RequestInfo info, String namespace) {
    String resource =
        info.subresource() == null ? info.resource() : info.resource() + "/" + info.subresource();
    String why =
        "User \""
            + user.name()
            + "\" cannot "
            + verb
            + " resource \""
            + resource
            + "\" in API group \""
            + info.group()
            + "\""
            + (namespace.isEmpty()
                ? " at the cluster scope"
                : " in the namespace \"" + namespace + "\"");
    String qualified = StatusException.qualifiedResource(info.group(), info.resource());
    String message =
        info.name() == null
            ? qualified + " is forbidden: " + why
            : qualified + " \"" + info.name() + "\" is forbidden: " + why;
    StatusDetails details = new StatusDetails();
    details.setName(info.name());
    details.setGroup(info.group());
    details.setKind(info.resource());
    return new StatusException(403, "Forbidden", message, details);
  }
}
