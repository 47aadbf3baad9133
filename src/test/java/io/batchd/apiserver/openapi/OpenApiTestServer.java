package io.batchd.apiserver.openapi;

import io.batchd.registry.ResourceType;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain-HTTP server on a free loopback port with the OpenAPI routes and just enough beside them
 * for kubectl: {@code /version} for the kubectl dispatcher, unaggregated discovery built from the
 * same types, and objects put in place by the test, which GET returns and PATCH records without
 * applying. It records every request line.
 */
final class OpenApiTestServer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Queue<String> requests = new ConcurrentLinkedQueue<>();
  private final Map<String, String> objects = new ConcurrentHashMap<>();
  private final Queue<Patch> patches = new ConcurrentLinkedQueue<>();

  /** A PATCH request as received. */
  record Patch(String uri, String contentType, String body) {}

  OpenApiTestServer(List<ResourceType<?>> types) {
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            ctx -> {
              requests.add(ctx.request().method() + " " + ctx.request().uri());
              ctx.next();
            });
    router
        .get("/version")
        .handler(ctx -> json(ctx, Map.of("major", "1", "minor", "32", "gitVersion", "v1.32.5")));
    router
        .get("/api")
        .handler(ctx -> json(ctx, Map.of("kind", "APIVersions", "versions", List.of("v1"))));
    router.get("/apis").handler(ctx -> json(ctx, groups(types)));
    router.get("/api/v1").handler(ctx -> json(ctx, resources(types, "", "v1")));
    router
        .get("/apis/:group/:version")
        .handler(
            ctx -> json(ctx, resources(types, ctx.pathParam("group"), ctx.pathParam("version"))));
    OpenApiRoutes.register(router, types);
    router.route().handler(BodyHandler.create());
    router.get().handler(this::object);
    router
        .patch()
        .handler(
            ctx -> {
              patches.add(
                  new Patch(
                      ctx.request().uri(),
                      ctx.request().getHeader("Content-Type"),
                      ctx.body().asString()));
              object(ctx);
            });
    router.route().handler(ctx -> ctx.response().setStatusCode(404).end());
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(router)
            .listen()
            .await();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Every request so far, as method, path and query. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** Serves {@code json} at {@code path}. */
  void put(String path, String json) {
    objects.put(path, json);
  }

  List<Patch> patches() {
    return List.copyOf(patches);
  }

  private void object(RoutingContext ctx) {
    String json = objects.get(ctx.request().path());
    if (json == null) {
      ctx.next();
    } else {
      ctx.response().putHeader("Content-Type", "application/json").end(json);
    }
  }

  private static void json(RoutingContext ctx, Object body) {
    ctx.response().putHeader("Content-Type", "application/json").end(JSON.writeValueAsString(body));
  }

  private static Map<String, Object> groups(List<ResourceType<?>> types) {
    Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
    for (ResourceType<?> t : types) {
      if (!t.group().isEmpty()) {
        Map<String, String> version =
            Map.of("groupVersion", t.apiVersion(), "version", t.version());
        groups.putIfAbsent(
            t.group(),
            Map.of("name", t.group(), "versions", List.of(version), "preferredVersion", version));
      }
    }
    return Map.of(
        "kind", "APIGroupList", "apiVersion", "v1", "groups", List.copyOf(groups.values()));
  }

  private static Map<String, Object> resources(
      List<ResourceType<?>> types, String group, String version) {
    List<Map<String, Object>> resources = new ArrayList<>();
    for (ResourceType<?> t : types) {
      if (t.group().equals(group) && t.version().equals(version)) {
        resources.add(
            Map.of(
                "name", t.resource(),
                "singularName", t.singular(),
                "namespaced", t.namespaced(),
                "kind", t.kind(),
                "verbs", VERBS,
                "shortNames", t.shortNames(),
                "categories", t.categories()));
      }
    }
    return Map.of(
        "kind",
        "APIResourceList",
        "apiVersion",
        "v1",
        "groupVersion",
        group.isEmpty() ? version : group + "/" + version,
        "resources",
        resources);
  }

  @Override
  public void close() {
    server.close().await();
    vertx.close().await();
  }
}
