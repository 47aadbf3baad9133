package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Applies the patch types kube-apiserver accepts to the JSON form of the current object. */
final class Patches {
  private Patches() {}

  /**
   * Applies the patch in {@code body} to {@code current}. A merge patch that is not a JSON object
   * (a JSON-patch list sent with the merge content type, say) is refused under Strict field
   * validation and is a no-op otherwise, as with kube-apiserver.
   */
  static JsonNode apply(
      String contentType,
      byte[] body,
      JsonNode current,
      FieldValidation validation,
      java.util.List<String> warnings) {
    String type = MediaTypes.base(contentType);
    JsonNode patch;
    try {
      patch = Codecs.JSON.readTree(body);
    } catch (JacksonException e) {
      throw StatusException.badRequest("the patch is not valid JSON: " + e.getOriginalMessage());
    }
    return switch (type) {
      case MediaTypes.JSON_PATCH -> jsonPatch(patch, current);
      case MediaTypes.MERGE_PATCH -> {
        if (!patch.isObject() && validation != FieldValidation.STRICT) {
          if (validation == FieldValidation.WARN) {
            warnings.add(
                "the merge patch is not a JSON object and changed nothing (a list of operations"
                    + " is a JSON patch: send it as application/json-patch+json)");
          }
          yield current;
        }
        yield mergePatch(requireObject(patch, "merge"), current.deepCopy());
      }
      case MediaTypes.STRATEGIC_MERGE_PATCH ->
          StrategicMerge.apply(requireObject(patch, "strategic merge"), current.deepCopy());
      default ->
          throw new StatusException(
              415,
              "UnsupportedMediaType",
              "the patch type \""
                  + contentType
                  + "\" is not supported: use application/json-patch+json,"
                  + " application/merge-patch+json, application/strategic-merge-patch+json or"
                  + " application/apply-patch+yaml",
              null);
    };
  }

  private static ObjectNode requireObject(JsonNode patch, String kind) {
    if (!patch.isObject()) {
      throw StatusException.badRequest(
          "a "
              + kind
              + " patch must be a JSON object, not "
              + patch.getNodeType().name().toLowerCase()
              + (patch.isArray()
                  ? " (a list of operations is a JSON patch: send it as application/json-patch+json)"
                  : ""));
    }
    return (ObjectNode) patch;
  }

  private static JsonNode jsonPatch(JsonNode patch, JsonNode current) {
    if (!patch.isArray()) {
      throw StatusException.badRequest(
          "a JSON patch must be a list of operations such as [{\"op\":\"replace\",\"path\":"
              + "\"/spec/parallelism\",\"value\":2}]");
    }
    try {
      // Removing a missing member is an error in RFC 6902 and in kube-apiserver's patcher.
      return JsonPatch.apply(
          patch, current, java.util.EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT));
    } catch (JsonPatchException | IllegalArgumentException e) {
      // As kube-apiserver: a generic 422; its cause says which operation failed and why.
      io.fabric8.kubernetes.api.model.StatusDetails details =
          new io.fabric8.kubernetes.api.model.StatusDetails();
      details.setCauses(
          java.util.List.of(
              new io.fabric8.kubernetes.api.model.StatusCause(
                  "patch",
                  "the JSON patch could not be applied: " + e.getMessage(),
                  "UnexpectedServerResponse")));
      throw new StatusException(
          422,
          "Invalid",
          "the server rejected our request due to an error in our request",
          details);
    }
  }

  /** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
  static JsonNode mergePatch(JsonNode patch, JsonNode target) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject() ? (ObjectNode) target : Codecs.JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(field.getValue(), result.get(field.getKey())));
      }
    }
    return result;
  }
}
