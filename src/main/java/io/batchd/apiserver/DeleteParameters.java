package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.registry.DeletePropagation;
import io.vertx.ext.web.RoutingContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The options of a delete, from the query ({@code propagationPolicy}, {@code orphanDependents},
 * {@code gracePeriodSeconds}) or a {@code DeleteOptions} body, which kubectl sends; validated as
 * upstream's handler does before it looks the object up.
 */
record DeleteParameters(
    DeletePropagation propagation, Long gracePeriodSeconds, String uid, String resourceVersion) {

  static DeleteParameters from(RoutingContext ctx, byte[] body) {
    String policy = ctx.request().getParam("propagationPolicy");
    String grace = ctx.request().getParam("gracePeriodSeconds");
    String orphan = ctx.request().getParam("orphanDependents");
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
      if (options.hasNonNull("orphanDependents")) {
        JsonNode value = options.get("orphanDependents");
        if (!value.isBoolean()) {
          throw StatusException.badRequest(
              "orphanDependents: Invalid value: " + value + ": must be true or false");
        }
        orphan = Boolean.toString(value.asBoolean());
      }
      JsonNode pre = options.path("preconditions");
      uid = pre.hasNonNull("uid") ? pre.get("uid").asString() : null;
      resourceVersion =
          pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asString() : null;
    }
    Boolean orphanDependents = null;
    if (orphan != null) {
      if (!orphan.equals("true") && !orphan.equals("false")) {
        throw StatusException.badRequest(
            "orphanDependents: Invalid value: \"" + orphan + "\": must be true or false");
      }
      orphanDependents = Boolean.valueOf(orphan);
    }
    DeletePropagation propagation = new DeletePropagation(policy, orphanDependents).validate();
    Long graceSeconds = null;
    if (grace != null) {
      try {
        graceSeconds = Long.parseLong(grace);
      } catch (NumberFormatException e) {
        throw StatusException.badRequest(
            "gracePeriodSeconds: Invalid value: \"" + grace + "\": must be an integer");
      }
    }
    return new DeleteParameters(propagation, graceSeconds, uid, resourceVersion);
  }
}
