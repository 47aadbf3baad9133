package io.batchd.apiserver;

import io.batchd.api.PodLogOptions;
import io.batchd.api.errors.StatusException;
import io.batchd.registry.Registry;
import io.batchd.registry.core.PodLogs;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{name}/log}: reads {@code PodLogOptions} from the query,
 * validates them as upstream, resolves the container, and streams the log from the {@link
 * PodLogSource} as {@code text/plain}. A pod not bound to a node has no log yet: the answer is an
 * empty 200, as upstream's. Without a log source, a bound pod's log is unreachable: 503.
 */
final class PodLogRoute implements SubresourceRoute {
  private static final Set<String> TRUE = Set.of("1", "t", "true");
  private static final Set<String> FALSE = Set.of("0", "f", "false");

  private final Registry<Pod> pods;
  private final PodLogSource source;

  PodLogRoute(Registry<Pod> pods, PodLogSource source) {
    this.pods = pods;
    this.source = source;
  }

  @Override
  public void handle(RoutingContext ctx, String namespace, String name, byte[] body) {
    if (ctx.request().method() != HttpMethod.GET) {
      throw StatusException.methodNotAllowed(
          "the server does not allow this method on the requested resource");
    }
    PodLogOptions requested = parse(ctx.request().params());
    PodLogs.validate(name, requested);
    Pod pod = pods.get(namespace, name);
    PodLogOptions options = requested.withContainer(PodLogs.container(pod, requested.container()));
    String node = pod.getSpec().getNodeName();
    HttpLogSink sink = new HttpLogSink(ctx.response());
    if (node == null || node.isEmpty()) {
      sink.end();
      return;
    }
    if (source == null) {
      throw new StatusException(
          503,
          "ServiceUnavailable",
          "the log of pod \""
              + name
              + "\" on node \""
              + node
              + "\" cannot be reached: no node agent serves logs to this API server",
          null);
    }
    try {
      source.stream(pod, options, sink);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // the client went away
    } catch (StatusException e) {
      if (!sink.started()) {
        throw e;
      }
    }
    sink.end();
  }

  static PodLogOptions parse(MultiMap params) {
    return new PodLogOptions(
        params.get("container"),
        bool(params, "follow"),
        bool(params, "previous"),
        integer(params, "sinceSeconds"),
        time(params, "sinceTime"),
        bool(params, "timestamps"),
        integer(params, "tailLines"),
        integer(params, "limitBytes"),
        bool(params, "insecureSkipTLSVerifyBackend"));
  }

  /** Go's {@code strconv.ParseBool}, which upstream's query decoding uses. */
  private static boolean bool(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return false;
    }
    String v = value.toLowerCase(Locale.ROOT);
    if (TRUE.contains(v)) {
      return true;
    }
    if (FALSE.contains(v)) {
      return false;
    }
    throw StatusException.badRequest(
        name + ": Invalid value: \"" + value + "\": must be a boolean (true or false)");
  }

  private static Long integer(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw StatusException.badRequest(
          name + ": Invalid value: \"" + value + "\": must be an integer");
    }
  }

  private static Instant time(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw StatusException.badRequest(
          name
              + ": Invalid value: \""
              + value
              + "\": must be an RFC 3339 time, such as 2024-01-02T15:04:05Z");
    }
  }
}
