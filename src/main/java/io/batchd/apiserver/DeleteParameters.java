package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The options of a delete, from the query ({@code propagationPolicy}, {@code gracePeriodSeconds})
 * or a {@code DeleteOptions} body, which kubectl sends.
 */
record DeleteParameters(
    String propagationPolicy, Long gracePeriodSeconds, String uid, String resourceVersion) {
  private static final List<String> POLICIES = List.of("Orphan", "Background", "Foreground");

  static DeleteParameters from(RoutingContext ctx, byte[] body) {
    String policy = ctx.request().getParam("propagationPolicy");
    String grace = ctx.request().getParam("gracePeriodSeconds");
    String uid = null;
    String resourceVersion = null;
    if (body.length > 0) {
      JsonNode options;
      try {
        options = Codecs.JSON.readTree(body);
      } catch (JacksonException e) {
        throw StatusException.badRequest(
            "the DeleteOptions body is not valid JSON: " + e.getOriginalMessage());
      }
      if (options.hasNonNull("propagationPolicy")) {
        policy = options.get("propagationPolicy").asString();
      }
      if (options.hasNonNull("gracePeriodSeconds")) {
        grace = options.get("gracePeriodSeconds").asString();
      }
      if (options.has("orphanDependents")
          && options.get("orphanDependents").asBoolean()
          && policy == null) {
        policy = "Orphan";
      }
      JsonNode pre = options.path("preconditions");
      uid = pre.hasNonNull("uid") ? pre.get("uid").asString() : null;
      resourceVersion =
          pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asString() : null;
    }
    if (policy != null && !POLICIES.contains(policy)) {
      throw StatusException.badRequest(
          "propagationPolicy: Unsupported value: \""
              + policy
              + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
    }
    Long graceSeconds = null;
    if (grace != null) {
      try {
        graceSeconds = Long.parseLong(grace);
      } catch (NumberFormatException e) {
        throw StatusException.badRequest(
            "gracePeriodSeconds: Invalid value: \"" + grace + "\": must be an integer");
      }
    }
    return new DeleteParameters(policy, graceSeconds, uid, resourceVersion);
  }
}
