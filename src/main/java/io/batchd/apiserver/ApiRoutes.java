package io.batchd.apiserver;

import io.batchd.api.errors.StatusException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Discovery and every resource path under {@code /api} and {@code /apis}. */
final class ApiRoutes {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

  /** The context key of a WebSocket a watch request was upgraded to. */
  static final String WEBSOCKET = "batchd.websocket";

  /** kube-apiserver's limit on request bodies. */
  static final long MAX_BODY_BYTES = 3 * 1024 * 1024;

  private final Discovery discovery;
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
  private final Blocking blocking;

  private final Authorization authorization;

  ApiRoutes(List<? extends Endpoint> endpoints, Blocking blocking, Authorization authorization) {
    this.authorization = authorization;
    Map<io.batchd.registry.ResourceType<?>, List<String>> verbs = new LinkedHashMap<>();
    for (Endpoint e : endpoints) {
      this.endpoints.put(
          e.type().group() + "/" + e.type().version() + "/" + e.type().resource(), e);
      verbs.put(e.type(), e.verbs());
    }
    this.discovery = new Discovery(verbs);
    this.blocking = blocking;
  }

  void register(Router router) {
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    // A WebSocket upgrade (fabric8's watches) must happen on the event loop before Vert.x reads
    // the request; the handler picks the socket up from the context.
    io.vertx.core.Handler<RoutingContext> bodiesUnlessUpgrade =
        ctx -> {
          if ("websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))
              && ctx.request().method() == io.vertx.core.http.HttpMethod.GET) {
            ctx.put(WEBSOCKET, ctx.request().toWebSocket());
            ctx.next();
          } else {
            bodies.handle(ctx);
          }
        };
    router.route("/api*").handler(bodiesUnlessUpgrade);
    router.route("/apis*").handler(bodiesUnlessUpgrade);
    router.route().failureHandler(ApiRoutes::failure);
    router.get("/api").handler(ctx -> discoveryRoot(ctx, true));
    router.get("/apis").handler(ctx -> discoveryRoot(ctx, false));
    router.routeWithRegex("/apis?/.+").handler(blocking.of(this::resource));
  }

  private void discoveryRoot(RoutingContext ctx, boolean core) {
    String aggregated = Discovery.aggregatedVersionAccepted(ctx.request().getHeader("Accept"));
    if (aggregated != null) {
      ctx.response()
          .putHeader(
              "Content-Type",
              "application/json;g=apidiscovery.k8s.io;v="
                  + aggregated
                  + ";as=APIGroupDiscoveryList")
          .putHeader("Vary", "Accept")
          .end(
              io.batchd.api.codec.Codecs.JSON.writeValueAsString(
                  discovery.aggregated(core, aggregated)));
      return;
    }
    Object doc =
        core
            ? discovery.apiVersions(
                ctx.request().authority() == null ? "" : ctx.request().authority().toString())
            : discovery.apiGroupList();
    ctx.response().putHeader("Vary", "Accept");
    Responses.write(ctx, 200, doc, MediaTypes.Response.JSON);
  }

  private void resource(RoutingContext ctx) {
    log.debug(
        "{} {} upgrade={}",
        ctx.request().method(),
        ctx.request().uri(),
        ctx.request().getHeader("Upgrade"));
    try {
      String path = ctx.normalizedPath();
      String[] parts = path.replaceAll("/+$", "").split("/");
      // /api/v1 and /apis/{group}/{version}: the resource list of a group version.
      if (ctx.request().method() == io.vertx.core.http.HttpMethod.GET
          && ((parts.length == 3 && parts[1].equals("api"))
              || (parts.length == 4 && parts[1].equals("apis")))) {
        String group = parts[1].equals("api") ? "" : parts[2];
        String version = parts[parts.length - 1];
        if (!discovery.servesGroupVersion(group, version)) {
          throw notFound();
        }
        Responses.write(ctx, 200, discovery.resourceList(group, version), MediaTypes.Response.JSON);
        return;
      }
      RequestInfo info = RequestInfo.parse(path);
      if (info == null) {
        throw notFound();
      }
      Endpoint endpoint =
          endpoints.get(info.group() + "/" + info.version() + "/" + info.resource());
      if (endpoint == null) {
        throw notFound();
      }
      authorization.check(ctx, info);
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      endpoint.handle(ctx, info, body == null ? new byte[0] : body.getBytes());
    } catch (StatusException e) {
      Responses.error(ctx, e);
    } catch (JsonListWriter.ListAbandoned e) {
      // The answer had begun: there is nothing left to tell the client, whose side it was.
      log.info(
          "request {} {} abandoned: {}",
          ctx.request().method(),
          ctx.request().uri(),
          e.getMessage());
    } catch (RuntimeException e) {
      log.error("request {} {} failed", ctx.request().method(), ctx.request().uri(), e);
      Responses.error(
          ctx, new StatusException(500, "InternalError", "an internal error occurred: " + e, null));
    }
  }

  private static StatusException notFound() {
    return new StatusException(
        404, "NotFound", "the server could not find the requested resource", null);
  }

  private static void failure(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      Responses.error(
          ctx,
          StatusException.requestEntityTooLarge(
              "the request body is larger than the limit of " + MAX_BODY_BYTES + " bytes"));
      return;
    }
    Throwable cause = ctx.failure();
    if (cause instanceof StatusException e) {
      Responses.error(ctx, e);
      return;
    }
    if (cause != null) {
      log.error("request {} {} failed", ctx.request().method(), ctx.request().uri(), cause);
    }
    int code = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    Responses.error(
        ctx,
        new StatusException(
            code,
            code >= 500 ? "InternalError" : "BadRequest",
            cause == null
                ? "request failed with status " + code
                : String.valueOf(cause.getMessage()),
            null));
  }
}
