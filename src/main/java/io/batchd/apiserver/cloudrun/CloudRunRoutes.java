package io.batchd.apiserver.cloudrun;

import io.batchd.api.cloudrun.ExecutionReference;
import io.batchd.api.cloudrun.RunExecution;
import io.batchd.api.cloudrun.RunJob;
import io.batchd.api.cloudrun.RunJobRequest;
import io.batchd.api.cloudrun.RunLabels;
import io.batchd.api.cloudrun.RunResource;
import io.batchd.api.cloudrun.RunTask;
import io.batchd.api.cloudrun.TaskViews;
import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.api.selectors.LabelSelection;
import io.batchd.registry.ListQuery;
import io.batchd.registry.ObjectList;
import io.batchd.registry.Registries;
import io.batchd.registry.Registry;
import io.batchd.registry.cloudrun.CloudRunResources;
import io.batchd.registry.cloudrun.ExecutionFactory;
import io.batchd.registry.core.PodStrategy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;

/**
 * The Cloud Run Admin API v1 job resources under {@code /apis/run.googleapis.com/v1/namespaces/}:
 * jobs (create, get, list, replace, delete, {@code :run}), executions (get, list, delete, {@code
 * :cancel}) and tasks (get, list), with Google's error bodies. The namespace is a project id or
 * number. Requests arrive through the same listeners and token rules as the Kubernetes API,
 * including absolute-form request lines from clients that use batchd as their HTTP proxy.
 */
public final class CloudRunRoutes {
  static final String PREFIX = "/apis/run.googleapis.com/v1/namespaces/";
  private static final long MAX_BODY_BYTES = 3 * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(CloudRunRoutes.class);

  private final Registry<RunJob> jobs;
  private final Registry<RunExecution> executions;
  private final Registry<Pod> pods;
  private final ProjectNamespaces projects;
  private final Executor executor;

  public CloudRunRoutes(Registries registries, Executor executor) {
    this.jobs = registries.registry(CloudRunResources.JOBS);
    this.executions = registries.registry(CloudRunResources.EXECUTIONS);
    this.pods = registries.registry(PodStrategy.PODS);
    this.projects = new ProjectNamespaces(registries.namespaces());
    this.executor = executor;
  }

  public void register(Router router) {
    router.route(PREFIX + "*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route(PREFIX + "*").handler(ctx -> executor.execute(() -> handle(ctx)));
  }

  private void handle(RoutingContext ctx) {
    try {
      String alt = ctx.request().getParam("alt");
      if (alt != null && !alt.equals("json")) {
        throw StatusException.badRequest("alt=" + alt + " is not supported; use alt=json");
      }
      String[] parts = ctx.request().path().substring(PREFIX.length()).split("/", -1);
      if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
        throw notFoundPath(ctx);
      }
      String namespace = projects.resolve(parts[0]);
      String name = parts.length == 3 ? parts[2] : null;
      String verb = null;
      if (name != null && name.contains(":")) {
        verb = name.substring(name.indexOf(':') + 1);
        name = name.substring(0, name.indexOf(':'));
      }
      Object result =
          switch (parts[1]) {
            case "jobs" -> jobs(ctx, namespace, name, verb);
            case "executions" -> executions(ctx, namespace, name, verb);
            case "tasks" -> tasks(ctx, namespace, name, verb);
            default -> throw notFoundPath(ctx);
          };
      write(ctx, 200, result);
    } catch (StatusException e) {
      int code = GoogleErrors.httpCode(e);
      write(ctx, code, GoogleErrors.body(code, GoogleErrors.canonical(e), message(e)));
    } catch (RuntimeException e) {
      LOG.error("Cloud Run request {} {} failed", ctx.request().method(), ctx.request().uri(), e);
      write(ctx, 500, GoogleErrors.body(500, "internal error: " + e));
    }
  }

  private Object jobs(RoutingContext ctx, String ns, String name, String verb) {
    String method = ctx.request().method().name();
    if (name == null) {
      return switch (method) {
        case "GET" -> list("JobsList", jobs, ns, ctx, j -> true);
        case "POST" -> {
          RunJob job = read(ctx, RunJob.class);
          projects.ensure(ns);
          yield jobs.create(ns, job, false).object();
        }
        default -> throw methodNotAllowed(method);
      };
    }
    if ("run".equals(verb) && method.equals("POST")) {
      return run(ctx, ns, name);
    }
    if (verb != null) {
      throw notFoundPath(ctx);
    }
    return switch (method) {
      case "GET" -> jobs.get(ns, name);
      case "PUT" ->
          jobs.update(ns, name, read(ctx, RunJob.class), Registry.Subresource.MAIN, false).object();
      case "DELETE" -> deleted(jobs.delete(ns, name, null, null, false).object(), "jobs");
      default -> throw methodNotAllowed(method);
    };
  }

  private RunExecution run(RoutingContext ctx, String ns, String name) {
    RunJobRequest request =
        ctx.body().length() == 0 ? new RunJobRequest(null) : read(ctx, RunJobRequest.class);
    RunJob job = jobs.get(ns, name);
    RunExecution execution =
        executions.create(ns, ExecutionFactory.fromJob(job, request.overrides()), false).object();
    jobs.mutate(
        ns,
        name,
        current -> {
          current.setStatus(
              current
                  .getStatus()
                  .withLatest(
                      current.getStatus().executions() + 1,
                      new ExecutionReference(
                          execution.name(),
                          execution.getMetadata().getCreationTimestamp(),
                          null,
                          null,
                          ExecutionReference.PENDING)));
          return current;
        },
        Registry.Subresource.STATUS,
        false);
    return execution;
  }

  private Object executions(RoutingContext ctx, String ns, String name, String verb) {
    String method = ctx.request().method().name();
    if (name == null) {
      if (!method.equals("GET")) {
        throw methodNotAllowed(method);
      }
      return list("ExecutionsList", executions, ns, ctx, e -> true);
    }
    if ("cancel".equals(verb) && method.equals("POST")) {
      return cancel(ns, name);
    }
    if (verb != null) {
      throw notFoundPath(ctx);
    }
    return switch (method) {
      case "GET" -> executions.get(ns, name);
      case "DELETE" ->
          deleted(executions.delete(ns, name, null, null, false).object(), "executions");
      default -> throw methodNotAllowed(method);
    };
  }

  private RunExecution cancel(String ns, String name) {
    return executions
        .mutate(
            ns,
            name,
            current -> {
              var completed =
                  current.getStatus() == null ? null : current.getStatus().condition("Completed");
              if (completed != null && !"Unknown".equals(completed.status())) {
                throw StatusException.badRequest(
                    "Execution " + name + " has already finished and cannot be cancelled.");
              }
              Map<String, String> annotations = new LinkedHashMap<>();
              if (current.getMetadata().getAnnotations() != null) {
                annotations.putAll(current.getMetadata().getAnnotations());
              }
              annotations.put(RunLabels.CANCELLED, "true");
              current.getMetadata().setAnnotations(annotations);
              return current;
            },
            Registry.Subresource.MAIN,
            false)
        .object();
  }

  private Object tasks(RoutingContext ctx, String ns, String name, String verb) {
    if (!ctx.request().method().name().equals("GET") || verb != null) {
      throw methodNotAllowed(ctx.request().method().name());
    }
    Map<String, RunExecution> byName =
        executions.list(ns, ListQuery.all()).items().stream()
            .collect(Collectors.toMap(RunResource::name, e -> e, (a, b) -> a, HashMap::new));
    List<Pod> owned =
        pods.list(
                ns,
                new ListQuery<>(
                    p ->
                        p.getMetadata().getLabels() != null
                            && p.getMetadata().getLabels().containsKey(RunLabels.EXECUTION),
                    0,
                    null,
                    null,
                    null))
            .items();
    List<RunTask> tasks = TaskViews.of(owned, byName);
    if (name != null) {
      return tasks.stream()
          .filter(t -> t.name().equals(name))
          .findFirst()
          .orElseThrow(() -> StatusException.notFound(RunResource.GROUP, "tasks", name));
    }
    LabelSelection selection = LabelSelection.parse(ctx.request().getParam("labelSelector"));
    List<RunTask> matching =
        tasks.stream().filter(t -> selection.matches(t.getMetadata().getLabels())).toList();
    return listBody("TasksList", matching, null, null);
  }

  private <T extends HasMetadata> Map<String, Object> list(
      String kind,
      Registry<T> registry,
      String ns,
      RoutingContext ctx,
      java.util.function.Predicate<T> extra) {
    LabelSelection selection = LabelSelection.parse(ctx.request().getParam("labelSelector"));
    String limitParam = ctx.request().getParam("limit");
    int limit;
    try {
      limit = limitParam == null ? 0 : Integer.parseInt(limitParam);
    } catch (NumberFormatException e) {
      throw StatusException.badRequest("limit must be a number, not '" + limitParam + "'");
    }
    ObjectList<T> page =
        registry.list(
            ns,
            new ListQuery<>(
                o -> extra.test(o) && selection.matches(labels(o)),
                Math.max(limit, 0),
                ctx.request().getParam("continue"),
                null,
                null));
    return listBody(kind, page.items(), page.resourceVersion(), page.continueToken());
  }

  private static Map<String, String> labels(HasMetadata o) {
    return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
  }

  private static Map<String, Object> listBody(
      String kind, List<?> items, String resourceVersion, String continueToken) {
    Map<String, Object> meta = new LinkedHashMap<>();
    if (resourceVersion != null) {
      meta.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null) {
      meta.put("continue", continueToken);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", RunResource.API_VERSION);
    body.put("kind", kind);
    body.put("metadata", meta);
    body.put("items", items);
    body.put("unreachable", List.of());
    return body;
  }

  private static Map<String, Object> deleted(HasMetadata object, String resource) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", object.getMetadata().getName());
    details.put("group", RunResource.GROUP);
    details.put("kind", resource);
    details.put("uid", object.getMetadata().getUid());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "v1");
    body.put("kind", "Status");
    body.put("metadata", Map.of());
    body.put("status", "Success");
    body.put("details", details);
    return body;
  }

  private static <T> T read(RoutingContext ctx, Class<T> type) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw StatusException.badRequest("a request body is required");
    }
    try {
      return Codecs.JSON
          .readerFor(type)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(RequestBodies.decoded(ctx.request().getHeader("Content-Encoding"), body));
    } catch (JacksonException e) {
      throw StatusException.badRequest("Invalid JSON payload received. " + e.getOriginalMessage());
    }
  }

  private static void write(RoutingContext ctx, int code, Object body) {
    byte[] bytes = Codecs.JSON.writeValueAsBytes(body);
    ctx.response()
        .setStatusCode(code)
        .putHeader("Content-Type", "application/json; charset=UTF-8")
        .end(Buffer.buffer(bytes));
  }

  /** Google's wording for the errors gcloud turns into its own messages. */
  private static String message(StatusException e) {
    if (e.code() == 404 && e.details() != null && e.details().getName() != null) {
      return "Resource '"
          + e.details().getName()
          + "' of kind '"
          + kindOf(e.details().getKind())
          + "' does not exist.";
    }
    if ("AlreadyExists".equals(e.reason()) && e.details() != null) {
      return "Resource '" + e.details().getName() + "' already exists.";
    }
    return e.getMessage();
  }

  private static String kindOf(String resource) {
    Function<String, String> upper = s -> s.toUpperCase(java.util.Locale.ROOT);
    if (resource == null) {
      return "RESOURCE";
    }
    return upper.apply(
        resource.endsWith("s") ? resource.substring(0, resource.length() - 1) : resource);
  }

  private static StatusException notFoundPath(RoutingContext ctx) {
    return new StatusException(
        404, "NotFound", "Requested entity was not found: " + ctx.request().path(), null);
  }

  private static StatusException methodNotAllowed(String method) {
    return new StatusException(
        405, "MethodNotAllowed", "Method " + method + " is not allowed here.", null);
  }
}
