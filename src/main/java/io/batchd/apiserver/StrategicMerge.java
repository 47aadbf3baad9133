package io.batchd.apiserver;

import io.batchd.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch for the fields of Jobs, Pods and their templates. Lists that upstream
 * merges by a key (containers by name, env by name, ports by containerPort, conditions by type,
 * ...) merge element by element; other lists are replaced, as upstream does for lists without a
 * patch strategy. Supported directives: {@code $patch: delete} on a list element or a map, {@code
 * $patch: replace} on a map or list, {@code $deleteFromPrimitiveList/<field>}, and {@code
 * $setElementOrder/<field>} (accepted; order follows the patch). {@code $retainKeys} is rejected.
 */
final class StrategicMerge {
  /** Field name → merge key, for lists upstream merges by key in the types batchd serves. */
  private static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("env", "name"),
          Map.entry("volumes", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("ports", "containerPort"),
          Map.entry("conditions", "type"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("hostAliases", "ip"),
          Map.entry("ownerReferences", "uid"),
          Map.entry("topologySpreadConstraints", "topologyKey"),
          Map.entry("resourceClaims", "name"),
          Map.entry("schedulingGates", "name"),
          Map.entry("containerStatuses", "name"),
          Map.entry("initContainerStatuses", "name"));

  /** Lists of scalars that upstream merges as sets. */
  private static final List<String> MERGED_SCALAR_LISTS = List.of("finalizers");

  private StrategicMerge() {}

  static JsonNode apply(ObjectNode patch, JsonNode target) {
    return mergeObject(patch, target != null && target.isObject() ? (ObjectNode) target : null);
  }

  private static ObjectNode mergeObject(ObjectNode patch, ObjectNode target) {
    String directive = patch.path("$patch").asString("");
    if (directive.equals("replace")) {
      ObjectNode replaced = patch.deepCopy();
      replaced.remove("$patch");
      return replaced;
    }
    if (!directive.isEmpty() && !directive.equals("merge")) {
      throw StatusException.badRequest("unknown patch directive in a map: $patch: " + directive);
    }
    ObjectNode result = target == null ? patch.objectNode() : target;
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals("$patch") || name.startsWith("$setElementOrder/")) {
        continue;
      }
      if (name.equals("$retainKeys")) {
        throw StatusException.badRequest(
            "the $retainKeys directive is not supported by batchd; use $patch: replace");
      }
      if (name.startsWith("$deleteFromPrimitiveList/")) {
        String list = name.substring("$deleteFromPrimitiveList/".length());
        JsonNode existing = result.get(list);
        if (existing instanceof ArrayNode array && value.isArray()) {
          ArrayNode kept = array.arrayNode();
          for (JsonNode item : array) {
            if (!contains(value, item)) {
              kept.add(item);
            }
          }
          result.set(list, kept);
        }
        continue;
      }
      if (value.isNull()) {
        result.remove(name);
      } else if (value.isObject()) {
        if (value.path("$patch").asString("").equals("delete")) {
          result.remove(name);
          continue;
        }
        JsonNode existing = result.get(name);
        result.set(
            name, mergeObject((ObjectNode) value, existing instanceof ObjectNode o ? o : null));
      } else if (value.isArray()) {
        result.set(name, mergeList(name, (ArrayNode) value, result.get(name)));
      } else {
        result.set(name, value.deepCopy());
      }
    }
    return result;
  }

  private static JsonNode mergeList(String field, ArrayNode patch, JsonNode existing) {
    for (JsonNode item : patch) {
      if (item.isObject() && item.path("$patch").asString("").equals("replace")) {
        ArrayNode replaced = patch.arrayNode();
        for (JsonNode other : patch) {
          if (!(other.isObject() && other.has("$patch"))) {
            replaced.add(other.deepCopy());
          }
        }
        return replaced;
      }
    }
    String key = MERGE_KEYS.get(field);
    if (MERGED_SCALAR_LISTS.contains(field) && existing instanceof ArrayNode array) {
      ArrayNode merged = array.deepCopy();
      for (JsonNode item : patch) {
        if (!contains(merged, item)) {
          merged.add(item.deepCopy());
        }
      }
      return merged;
    }
    if (key == null || !(existing instanceof ArrayNode current)) {
      ArrayNode copy = patch.deepCopy();
      for (int i = copy.size() - 1; i >= 0; i--) {
        if (copy.get(i).isObject() && copy.get(i).has("$patch")) {
          copy.remove(i);
        }
      }
      return copy;
    }
    List<JsonNode> result = new ArrayList<>();
    current.forEach(result::add);
    for (JsonNode item : patch) {
      if (!item.isObject() || !item.has(key)) {
        throw StatusException.badRequest(
            "every element of "
                + field
                + " in a strategic merge patch needs its merge key \""
                + key
                + "\"");
      }
      int at = indexOf(result, key, item.get(key));
      boolean delete = item.path("$patch").asString("").equals("delete");
      if (delete) {
        if (at >= 0) {
          result.remove(at);
        }
      } else if (at >= 0) {
        result.set(at, mergeObject((ObjectNode) item, (ObjectNode) result.get(at)));
      } else {
        ObjectNode added = ((ObjectNode) item).deepCopy();
        added.remove("$patch");
        result.add(added);
      }
    }
    ArrayNode out = current.arrayNode();
    result.forEach(out::add);
    return out;
  }

  private static int indexOf(List<JsonNode> items, String key, JsonNode value) {
    for (int i = 0; i < items.size(); i++) {
      JsonNode k = items.get(i).get(key);
      if (k != null && k.asString().equals(value.asString())) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode item : array) {
      if (item.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
