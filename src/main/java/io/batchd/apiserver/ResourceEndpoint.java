package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.registry.DeletePropagation;
import io.batchd.registry.ListQuery;
import io.batchd.registry.ObjectFilters;
import io.batchd.registry.ObjectList;
import io.batchd.registry.Registry;
import io.batchd.registry.ResourceType;
import io.batchd.registry.WatchQuery;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The REST verbs of one resource: get, list, watch, create, update, patch, delete and
 * deletecollection, on the main resource and its status subresource; other subresources (a pod's
 * binding, eviction and log) are handed to their {@link SubresourceRoute}s. A read-only view (the
 * events.k8s.io Events over the stored core Events) serves get, list and watch of another
 * resource's registry, converting each object.
 */
final class ResourceEndpoint<T extends HasMetadata> implements Endpoint {
  private static final List<String> NO_EFFECT_PARAMETERS =
      List.of("export", "exact", "includeUninitialized");

  private final Registry<T> registry;
  private final ResourceType<T> type;
  private final TableColumns<T> columns;
  private final Deleter<T> deleter;
  private final Map<String, SubresourceRoute> subresources;
  private final View<T> view;

  /**
   * How a read-only view differs from the registry it reads.
   *
   * @param served the resource the view is served as
   * @param convert the served form of a stored object
   * @param fieldSelector the field selector in the stored resource's terms
   */
  record View<T>(
      ResourceType<?> served,
      java.util.function.Function<T, Object> convert,
      java.util.function.UnaryOperator<String> fieldSelector) {}

  private final ManagedWrites<T> managed;
  private final ServerSideApply<T> serverSideApply;

  /** How a delete is carried out; namespaces delete their contents first. */
  @FunctionalInterface
  interface Deleter<T> {
    Registry.Deleted<T> delete(
        String namespace,
        String name,
        String uid,
        String resourceVersion,
        Long gracePeriodSeconds,
        DeletePropagation propagation,
        boolean dryRun);
  }

  ResourceEndpoint(Registry<T> registry, TableColumns<T> columns, Deleter<T> deleter) {
    this(registry, columns, deleter, Map.of(), null, java.time.Clock.systemUTC());
  }

  ResourceEndpoint(
      Registry<T> registry, TableColumns<T> columns, Deleter<T> deleter, java.time.Clock clock) {
    this(registry, columns, deleter, Map.of(), null, clock);
  }

  ResourceEndpoint(
      Registry<T> registry,
      TableColumns<T> columns,
      Deleter<T> deleter,
      Map<String, SubresourceRoute> subresources,
      View<T> view,
      java.time.Clock clock) {
    this.registry = registry;
    this.type = registry.type();
    this.columns = columns;
    this.deleter = deleter;
    this.subresources = subresources;
    this.view = view;
    this.managed = new ManagedWrites<>(registry, clock);
    this.serverSideApply = new ServerSideApply<>(registry, managed);
  }

  /** A read-only view of {@code registry} served as {@code view.served()}. */
  static <T extends HasMetadata> ResourceEndpoint<T> view(
      Registry<T> registry, TableColumns<T> columns, View<T> view) {
    return new ResourceEndpoint<>(
        registry,
        columns,
        (ns, name, uid, rv, grace, propagation, dryRun) -> {
          throw readOnly();
        },
        Map.of(),
        view,
        java.time.Clock.systemUTC());
  }

  @Override
  public ResourceType<?> type() {
    return view == null ? type : view.served();
  }

  @Override
  public List<String> verbs() {
    return view == null ? Discovery.VERBS : List.of("get", "list", "watch");
  }

  private static StatusException readOnly() {
    return StatusException.methodNotAllowed(
        "the server does not allow this method on the requested resource");
  }

  @Override
  public void handle(RoutingContext ctx, RequestInfo info, byte[] body) {
    SubresourceRoute route =
        info.subresource() == null ? null : subresources.get(info.subresource());
    if (route != null) {
      route.handle(ctx, namespaceOf(info), info.name(), body);
      return;
    }
    if (view != null && ctx.request().method() != HttpMethod.GET) {
      throw readOnly();
    }
    List<String> warnings = new ArrayList<>();
    for (String p : NO_EFFECT_PARAMETERS) {
      if (ctx.request().params().contains(p)) {
        warnings.add("the " + p + " parameter is deprecated and has no effect");
      }
    }
    if (info.subresource() != null && !type.subresources().contains(info.subresource())) {
      throw StatusException.notFound(
          type.group(), type.resource() + "/" + info.subresource(), info.name());
    }
    String namespace = namespaceOf(info);
    HttpMethod method = ctx.request().method();
    boolean watch =
        info.legacyWatch()
            || "true".equals(ctx.request().getParam("watch"))
            || "1".equals(ctx.request().getParam("watch"));
    MediaTypes.Response form = MediaTypes.negotiate(ctx.request().getHeader("Accept"));
    if (method == HttpMethod.GET && watch) {
      Responses.warn(ctx, warnings);
      watch(ctx, info, namespace, form);
      return;
    }
    if (method == HttpMethod.GET && servesStoredJson(ctx, form)) {
      // Served from the stored bytes: no decoding and encoding of the objects.
      Responses.warn(ctx, warnings);
      if (info.name() == null) {
        JsonListWriter.write(
            ctx.response(), type.kind() + "List", type.apiVersion(), listJson(ctx, namespace));
      } else {
        Responses.writeJson(ctx, 200, registry.getJson(namespace, info.name()));
      }
      return;
    }
    int code = 200;
    Object result;
    // The answer as just stored, when a write returns it: written instead of encoding result.
    byte[] stored = null;
    if (method == HttpMethod.GET) {
      result =
          info.name() == null
              ? list(ctx, namespace, form)
              : render(registry.get(namespace, info.name()), form, ctx);
    } else if (method == HttpMethod.POST && info.name() == null) {
      String manager = FieldManagerParameter.manager(ctx, "CreateOptions");
      T object = decode(ctx, body, warnings);
      String target = namespace;
      if (type.namespaced() && target == null) {
        // The older cluster-scoped POST: the namespace comes from the body, else "default".
        String fromBody = object.getMetadata() == null ? null : object.getMetadata().getNamespace();
        target = fromBody == null || fromBody.isEmpty() ? "default" : fromBody;
      }
      managed.recordCreate(object, manager);
      Registry.Created<T> created = registry.create(target, object, dryRun(ctx));
      warnings.addAll(created.warnings());
      result = render(created.object(), form, ctx);
      stored = created.json();
      code = 201;
    } else if (method == HttpMethod.PUT && info.name() != null) {
      String manager = FieldManagerParameter.manager(ctx, "UpdateOptions");
      JsonNode tree = readBody(ctx, body, warnings);
      T object = toObject(ctx, tree, body, warnings);
      Registry.Created<T> updated =
          managed.update(
              namespace,
              info.name(),
              object,
              manager,
              subresource(info),
              ManagedWrites.asksReset(tree),
              dryRun(ctx));
      warnings.addAll(updated.warnings());
      result = render(updated.object(), form, ctx);
      stored = updated.json();
    } else if (method == HttpMethod.PATCH && info.name() != null) {
      String contentType = ctx.request().getHeader("Content-Type");
      FieldValidation validation = FieldValidation.parse(ctx.request().getParam("fieldValidation"));
      boolean apply = MediaTypes.base(contentType).equals(MediaTypes.APPLY_PATCH);
      boolean force = FieldManagerParameter.force(ctx, apply);
      Registry.Created<T> patched;
      if (apply) {
        String manager = FieldManagerParameter.applier(ctx);
        ServerSideApply.Outcome<T> outcome =
            serverSideApply.apply(
                namespace,
                info.name(),
                body,
                manager,
                force,
                subresource(info),
                validation,
                warnings,
                dryRun(ctx));
        patched = outcome.result();
        if (outcome.created()) {
          code = 201;
        }
      } else {
        String manager = FieldManagerParameter.manager(ctx, "PatchOptions");
        patched =
            registry.mutate(
                namespace,
                info.name(),
                current -> {
                  JsonNode merged =
                      Patches.apply(
                          contentType,
                          body,
                          Codecs.JSON.valueToTree(current),
                          validation,
                          warnings);
                  T object = BodyDecoder.toObject(merged, null, type, validation, warnings);
                  if (object.getMetadata() != null
                      && object.getMetadata().getResourceVersion() != null
                      && object
                          .getMetadata()
                          .getResourceVersion()
                          .equals(current.getMetadata().getResourceVersion())
                      && !patchNamesResourceVersion(body)) {
                    // The version came from the current object, not from the client: no
                    // precondition.
                    object.getMetadata().setResourceVersion(null);
                  }
                  return managed.recordUpdate(
                      current, object, manager, subresource(info), ManagedWrites.asksReset(merged));
                },
                subresource(info),
                dryRun(ctx));
      }
      warnings.addAll(patched.warnings());
      result = render(patched.object(), form, ctx);
      stored = patched.json();
    } else if (method == HttpMethod.DELETE && info.name() != null) {
      DeleteParameters params = DeleteParameters.from(ctx, body);
      DeleteOutcome outcome = delete(ctx, namespace, info.name(), params, warnings);
      result = outcome.body();
      if (!outcome.removed() && Boolean.FALSE.equals(params.propagation().orphanDependents())) {
        // Upstream answers 202 to a cascading delete asked for the old way that is not finished.
        code = 202;
      }
    } else if (method == HttpMethod.DELETE) {
      result = deleteCollection(ctx, namespace, form, body, warnings);
    } else {
      throw StatusException.methodNotAllowed(
          "the server does not allow this method on the requested resource");
    }
    Responses.warn(ctx, warnings);
    if (stored != null && servesStoredJson(ctx, form)) {
      Responses.writeJson(ctx, code, stored);
    } else {
      Responses.write(ctx, code, result, form);
    }
  }

  /**
   * Whether the answer is an object as stored, in compact JSON: then it is written from the stored
   * bytes ({@link io.batchd.registry.ServedJson}) rather than encoded again.
   */
  private boolean servesStoredJson(RoutingContext ctx, MediaTypes.Response form) {
    return view == null
        && form == MediaTypes.Response.JSON
        && !"true".equals(ctx.request().getParam("pretty"));
  }

  /**
   * Whether the patch itself sets {@code metadata.resourceVersion}, which makes it conditional on
   * that version as with kube-apiserver; otherwise the patch applies to whatever is current.
   */
  private static boolean patchNamesResourceVersion(byte[] body) {
    try {
      JsonNode patch = Codecs.JSON.readTree(body);
      if (patch.isArray()) {
        for (JsonNode op : patch) {
          if ("/metadata/resourceVersion".equals(op.path("path").asString(""))) {
            return true;
          }
        }
        return false;
      }
      return patch.at("/metadata/resourceVersion").isString();
    } catch (tools.jackson.core.JacksonException e) {
      return false; // the patch itself is reported as malformed elsewhere
    }
  }

  private String namespaceOf(RequestInfo info) {
    if (!type.namespaced()) {
      if (info.namespace() != null) {
        throw StatusException.notFound(type.group(), type.resource(), String.valueOf(info.name()));
      }
      return null;
    }
    return info.namespace();
  }

  private static Registry.Subresource subresource(RequestInfo info) {
    return "status".equals(info.subresource())
        ? Registry.Subresource.STATUS
        : Registry.Subresource.MAIN;
  }

  private static boolean dryRun(RoutingContext ctx) {
    List<String> values = ctx.request().params().getAll("dryRun");
    for (String v : values) {
      if (!v.equals("All")) {
        throw invalidOptions(ctx, values);
      }
    }
    return !values.isEmpty();
  }

  /** Upstream validates the options object of each verb and answers 422 naming it. */
  private static StatusException invalidOptions(RoutingContext ctx, List<String> dryRun) {
    String options =
        switch (ctx.request().method().name()) {
          case "POST" -> "CreateOptions";
          case "PUT" -> "UpdateOptions";
          case "PATCH" -> "PatchOptions";
          default -> "DeleteOptions";
        };
    String values =
        dryRun.stream()
            .map(io.batchd.api.GoStrings::quote)
            .collect(java.util.stream.Collectors.joining(", ", "[]string{", "}"));
    io.batchd.api.errors.FieldError error =
        new io.batchd.api.errors.FieldError(
            io.batchd.api.errors.FieldError.Type.NOT_SUPPORTED,
            "dryRun",
            new Object() {
              @Override
              public String toString() {
                return values;
              }
            },
            "supported values: \"All\"");
    return StatusException.invalid("meta.k8s.io", options, "", List.of(error));
  }

  private T decode(RoutingContext ctx, byte[] body, List<String> warnings) {
    return toObject(ctx, readBody(ctx, body, warnings), body, warnings);
  }

  private JsonNode readBody(RoutingContext ctx, byte[] body, List<String> warnings) {
    if (body.length == 0) {
      throw StatusException.badRequest("the request body is empty: send a " + type.kind());
    }
    return BodyDecoder.readTree(ctx.request().getHeader("Content-Type"), body, warnings);
  }

  private T toObject(RoutingContext ctx, JsonNode tree, byte[] body, List<String> warnings) {
    String contentType = ctx.request().getHeader("Content-Type");
    byte[] raw =
        MediaTypes.base(contentType).equals(MediaTypes.JSON) || contentType == null ? body : null;
    FieldValidation validation = FieldValidation.parse(ctx.request().getParam("fieldValidation"));
    return BodyDecoder.toObject(tree, raw, type, validation, warnings);
  }

  private Predicate<T> filter(RoutingContext ctx) {
    String fieldSelector = ctx.request().getParam("fieldSelector");
    if (view != null) {
      fieldSelector = view.fieldSelector().apply(fieldSelector);
    }
    return ObjectFilters.build(
        ctx.request().getParam("labelSelector"), fieldSelector, registry.strategy(), type);
  }

  private ListQuery<T> listQuery(RoutingContext ctx) {
    HttpServerRequest r = ctx.request();
    return new ListQuery<>(
        filter(ctx),
        intParam(r, "limit"),
        r.getParam("continue"),
        r.getParam("resourceVersion"),
        r.getParam("resourceVersionMatch"));
  }

  private io.batchd.registry.JsonList listJson(RoutingContext ctx, String namespace) {
    return registry.listJson(namespace, listQuery(ctx));
  }

  private Object list(RoutingContext ctx, String namespace, MediaTypes.Response form) {
    HttpServerRequest r = ctx.request();
    int limit = intParam(r, "limit");
    ObjectList<T> page =
        registry.list(
            namespace,
            new ListQuery<>(
                filter(ctx),
                limit,
                r.getParam("continue"),
                r.getParam("resourceVersion"),
                r.getParam("resourceVersionMatch")));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", page.resourceVersion());
    if (page.continueToken() != null) {
      metadata.put("continue", page.continueToken());
    }
    if (form == MediaTypes.Response.TABLE) {
      return table(page.items(), metadata, true, ctx);
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("kind", type().kind() + "List");
    list.put("apiVersion", type().apiVersion());
    list.put("metadata", metadata);
    list.put(
        "items", view == null ? page.items() : page.items().stream().map(view.convert()).toList());
    return list;
  }

  private Object render(T object, MediaTypes.Response form, RoutingContext ctx) {
    if (form == MediaTypes.Response.TABLE) {
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
      return table(List.of(object), metadata, true, ctx);
    }
    return view == null ? object : view.convert().apply(object);
  }

  /** A {@code meta.k8s.io/v1} Table, as kubectl get asks for. */
  private Map<String, Object> table(
      List<T> items, Map<String, Object> metadata, boolean withColumns, RoutingContext ctx) {
    return TableWriter.table(
        columns, items, metadata, withColumns, ctx.request().getParam("includeObject"));
  }

  private void watch(
      RoutingContext ctx, RequestInfo info, String namespace, MediaTypes.Response form) {
    HttpServerRequest r = ctx.request();
    Predicate<T> filter = filter(ctx);
    if (info.name() != null) {
      // A watch of one object is a watch of the collection restricted to its name.
      String name = info.name();
      Predicate<T> byName = filter;
      filter = o -> name.equals(o.getMetadata().getName()) && byName.test(o);
    }
    String sendInitial = r.getParam("sendInitialEvents");
    WatchQuery<T> query =
        new WatchQuery<>(
            filter,
            r.getParam("resourceVersion"),
            sendInitial == null ? null : Boolean.parseBoolean(sendInitial),
            "true".equals(r.getParam("allowWatchBookmarks")));
    boolean[] first = {true};
    io.vertx.core.Future<ServerWebSocket> upgraded = ctx.get(ApiRoutes.WEBSOCKET);
    boolean upgrade = upgraded != null;
    ServerWebSocket socket = upgrade ? upgraded.await() : null;
    WatchResponder.Sink sink =
        upgrade ? WatchResponder.webSocket(socket) : WatchResponder.http(ctx.response());
    WatchResponder<T> responder =
        new WatchResponder<>(
            sink,
            object -> {
              if (form != MediaTypes.Response.TABLE) {
                return view == null ? object : view.convert().apply(object);
              }
              Map<String, Object> metadata = new LinkedHashMap<>();
              metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
              boolean columns = first[0];
              first[0] = false;
              return table(List.of(object), metadata, columns, ctx);
            },
            form == MediaTypes.Response.JSON && view == null,
            type().apiVersion(),
            type().kind());
    Registry.WatchHandle w = registry.watch(namespace, query, responder);
    long timeout = intParam(r, "timeoutSeconds");
    if (timeout <= 0) {
      // Upstream ends watches at a random point between its minimum timeout and twice it, so that
      // reconnects spread out; 30 minutes as kube-apiserver's default.
      timeout = Duration.ofMinutes(30).toSeconds() + ThreadLocalRandom.current().nextLong(1800);
    }
    long timer =
        ctx.vertx()
            .setTimer(
                timeout * 1000,
                id -> {
                  w.close();
                  responder.end();
                });
    Runnable stop =
        () -> {
          ctx.vertx().cancelTimer(timer);
          w.close();
        };
    if (upgrade) {
      socket.closeHandler(v -> stop.run());
    } else {
      ctx.response().closeHandler(v -> stop.run());
      // The server ends a watch whose client reads too slowly: stop delivering to it then too.
      ctx.response().endHandler(v -> stop.run());
    }
  }

  /** The answer to a delete, and whether the object is gone. */
  private record DeleteOutcome(Object body, boolean removed) {}

  private DeleteOutcome delete(
      RoutingContext ctx,
      String namespace,
      String name,
      DeleteParameters params,
      List<String> warnings) {
    warnings.addAll(registry.strategy().warningsOnDelete(params.propagation()));
    Registry.Deleted<T> deleted =
        deleter.delete(
            namespace,
            name,
            params.uid(),
            params.resourceVersion(),
            params.gracePeriodSeconds(),
            params.propagation(),
            dryRun(ctx));
    if (!deleted.removed() || registry.strategy().returnsDeletedObject()) {
      // Still held by finalizers or a grace period: the client sees it marked.
      return new DeleteOutcome(deleted.object(), deleted.removed());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.resource());
    details.put("uid", deleted.object().getMetadata().getUid());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("metadata", Map.of());
    status.put("status", "Success");
    status.put("details", details);
    return new DeleteOutcome(status, true);
  }

  private Object deleteCollection(
      RoutingContext ctx,
      String namespace,
      MediaTypes.Response form,
      byte[] body,
      List<String> warnings) {
    ObjectList<T> all = registry.list(namespace, new ListQuery<>(filter(ctx), 0, null, null, null));
    boolean dryRun = dryRun(ctx);
    DeleteParameters params = DeleteParameters.from(ctx, body);
    warnings.addAll(registry.strategy().warningsOnDelete(params.propagation()));
    List<T> deleted = new ArrayList<>();
    for (T object : all.items()) {
      try {
        deleted.add(
            deleter
                .delete(
                    object.getMetadata().getNamespace(),
                    object.getMetadata().getName(),
                    null,
                    null,
                    params.gracePeriodSeconds(),
                    params.propagation(),
                    dryRun)
                .object());
      } catch (StatusException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("kind", type.kind() + "List");
    list.put("apiVersion", type.apiVersion());
    list.put("metadata", Map.of("resourceVersion", all.resourceVersion()));
    list.put("items", deleted);
    return list;
  }

  private static int intParam(HttpServerRequest r, String name) {
    String v = r.getParam(name);
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw StatusException.badRequest(
          name + ": Invalid value: \"" + v + "\": must be a non-negative integer");
    }
  }
}
