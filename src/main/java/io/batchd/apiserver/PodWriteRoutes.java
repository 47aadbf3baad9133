package io.batchd.apiserver;

import io.batchd.api.errors.StatusException;
import io.batchd.registry.Registry;
import io.batchd.registry.ResourceType;
import io.batchd.registry.core.PodBinding;
import io.batchd.registry.core.PodEviction;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod's {@code POST .../binding} (a core/v1 Binding, as the scheduler sends) and {@code POST
 * .../eviction} (a policy/v1 Eviction, as {@code kubectl drain} sends). Both answer 201 with a
 * success Status, as upstream does.
 */
final class PodWriteRoutes {
  /** The body types, described as resources so that {@link BodyDecoder} checks their kind. */
  static final ResourceType<Binding> BINDING =
      new ResourceType<>(
          "",
          "v1",
          "bindings",
          "binding",
          "Binding",
          true,
          List.of(),
          List.of(),
          List.of(),
          Binding.class);

  static final ResourceType<Eviction> EVICTION =
      new ResourceType<>(
          "policy",
          "v1",
          "evictions",
          "eviction",
          "Eviction",
          true,
          List.of(),
          List.of(),
          List.of(),
          Eviction.class);

  /**
   * Upstream's eviction subresource also accepts a policy/v1beta1 Eviction, the same shape, which
   * fabric8's {@code evict()} still sends.
   */
  private static final String EVICTION_V1BETA1 = "policy/v1beta1";

  private PodWriteRoutes() {}

  static SubresourceRoute binding(Registry<Pod> pods) {
    return (ctx, namespace, name, body) -> {
      List<String> warnings = new ArrayList<>();
      Binding binding = decode(ctx, body, BINDING, null, warnings);
      PodBinding.bind(pods, namespace, name, binding, dryRun(ctx));
      created(ctx, warnings);
    };
  }

  static SubresourceRoute eviction(Registry<Pod> pods) {
    return (ctx, namespace, name, body) -> {
      List<String> warnings = new ArrayList<>();
      Eviction eviction = decode(ctx, body, EVICTION, EVICTION_V1BETA1, warnings);
      PodEviction.evict(pods, namespace, name, eviction, dryRun(ctx));
      created(ctx, warnings);
    };
  }

  /**
   * Decodes the body as {@code type}; a body of apiVersion {@code alsoAccepted} (another version of
   * the same shape) is read as {@code type}'s version.
   */
  private static <T extends HasMetadata> T decode(
      RoutingContext ctx,
      byte[] body,
      ResourceType<T> type,
      String alsoAccepted,
      List<String> warnings) {
    if (ctx.request().method() != HttpMethod.POST) {
      throw StatusException.methodNotAllowed(
          "the server does not allow this method on the requested resource");
    }
    if (body.length == 0) {
      throw StatusException.badRequest("the request body is empty: send a " + type.kind());
    }
    String contentType = ctx.request().getHeader("Content-Type");
    JsonNode tree = BodyDecoder.readTree(contentType, body, warnings);
    if (alsoAccepted != null
        && tree instanceof ObjectNode object
        && alsoAccepted.equals(object.path("apiVersion").asString(""))) {
      object.put("apiVersion", type.apiVersion());
    }
    byte[] raw =
        MediaTypes.base(contentType).equals(MediaTypes.JSON) || contentType == null ? body : null;
    FieldValidation validation = FieldValidation.parse(ctx.request().getParam("fieldValidation"));
    return BodyDecoder.toObject(tree, raw, type, validation, warnings);
  }

  private static boolean dryRun(RoutingContext ctx) {
    List<String> values = ctx.request().params().getAll("dryRun");
    for (String v : values) {
      if (!v.equals("All")) {
        throw StatusException.badRequest(
            "dryRun: Unsupported value: \"" + v + "\": supported values: \"All\"");
      }
    }
    return !values.isEmpty();
  }

  private static void created(RoutingContext ctx, List<String> warnings) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("metadata", Map.of());
    status.put("status", "Success");
    status.put("code", 201);
    Responses.warn(ctx, warnings);
    Responses.write(ctx, 201, status, MediaTypes.negotiate(ctx.request().getHeader("Accept")));
  }
}
