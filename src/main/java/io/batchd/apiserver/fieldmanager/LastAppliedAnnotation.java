package io.batchd.apiserver.fieldmanager;

import io.batchd.api.codec.Codecs;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * kubectl's client-side apply annotation, as kube-apiserver bridges it to server-side apply for the
 * manager {@code kubectl}: fields the annotation says kubectl applied (with their live values) do
 * not conflict when kubectl moves to {@code --server-side}, and a server-side apply keeps the
 * annotation, where it exists, in step with what was applied, so that going back works too.
 */
final class LastAppliedAnnotation {
  static final String NAME = "kubectl.kubernetes.io/last-applied-configuration";

  /** The only manager the bridge serves, as upstream: others opt out by their name. */
  static final String KUBECTL = "kubectl";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private LastAppliedAnnotation() {}

  /**
   * The fields the live object's annotation says were applied and still hold the applied values;
   * null when there is no usable annotation.
   */
  static FieldSet appliedFields(TypeSchema schema, String apiVersion, JsonNode live) {
    JsonNode annotation = live.path("metadata").path("annotations").get(NAME);
    if (annotation == null || !annotation.isString() || annotation.asString().isEmpty()) {
      return null;
    }
    try {
      JsonNode lastApplied = Codecs.JSON.readTree(annotation.asString());
      if (!lastApplied.isObject()
          || !apiVersion.equals(lastApplied.path("apiVersion").asString(""))) {
        return null;
      }
      FieldSet applied = TypedValues.toFieldSet(schema, lastApplied);
      TypedValues.Comparison compare = TypedValues.compare(schema, lastApplied, live);
      return applied
          .difference(compare.modified())
          .difference(compare.added())
          .difference(compare.removed());
    } catch (JacksonException | TypedValues.SchemaMismatch e) {
      return null;
    }
  }

  /** Whether {@code object} carries the annotation. */
  static boolean present(JsonNode object) {
    return object.path("metadata").path("annotations").has(NAME);
  }

  /**
   * Sets the annotation to {@code config} without the annotation itself, as JSON with sorted keys
   * (Go encodes the unstructured configuration so).
   */
  static void set(ObjectNode object, ObjectNode config) {
    ObjectNode copy = config.deepCopy();
    if (copy.path("metadata").path("annotations") instanceof ObjectNode annotations) {
      annotations.remove(NAME);
    }
    String value = Codecs.JSON.writeValueAsString(sorted(copy));
    ObjectNode meta =
        object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    ObjectNode annotations =
        meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
    annotations.put(NAME, value);
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>(node.propertyNames());
      names.sort(null);
      ObjectNode out = NODES.objectNode();
      names.forEach(n -> out.set(n, sorted(node.get(n))));
      return out;
    }
    if (node.isArray()) {
      var out = NODES.arrayNode();
      node.forEach(item -> out.add(sorted(item)));
      return out;
    }
    return node;
  }
}
