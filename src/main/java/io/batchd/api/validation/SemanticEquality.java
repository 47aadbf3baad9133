package io.batchd.api.validation;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Equality as upstream's {@code apiequality.Semantic.DeepEqual} sees API objects: an absent list,
 * map or object equals an empty one, and quantities compare by amount ({@code 1000m} equals {@code
 * 1}). Values are compared on their JSON trees, so any fabric8 model object (or plain value) works.
 *
 * <p>One difference remains: Go tells a nil pointer from a pointer to an empty struct (say, {@code
 * securityContext: {}} against no security context); this comparison treats both as absent.
 * Defaulting fills such fields on both sides before a comparison, so it does not arise in practice.
 */
public final class SemanticEquality {
  private SemanticEquality() {}

  public static boolean equal(Object a, Object b) {
    return normalized(a).equals(normalized(b));
  }

  /** The JSON tree of {@code value} with empties removed and quantities made canonical. */
  public static JsonNode normalized(Object value) {
    JsonNode tree = prune(ModelJson.canonicalTree(value));
    return isEmpty(tree) ? NullNode.getInstance() : tree;
  }

  // Drops nulls, empty arrays and empty objects, bottom-up, so that absent and empty compare equal.
  private static JsonNode prune(JsonNode node) {
    if (node instanceof ObjectNode obj) {
      ObjectNode out = obj.objectNode();
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        JsonNode child = prune(e.getValue());
        if (!isEmpty(child)) {
          out.set(e.getKey(), child);
        }
      }
      return out;
    }
    if (node instanceof ArrayNode arr) {
      ArrayNode out = arr.arrayNode();
      for (JsonNode element : arr.values()) {
        out.add(prune(element));
      }
      return out;
    }
    return node;
  }

  private static boolean isEmpty(JsonNode node) {
    return node == null
        || node.isNull()
        || node.isMissingNode()
        || ((node.isObject() || node.isArray()) && node.isEmpty());
  }
}
