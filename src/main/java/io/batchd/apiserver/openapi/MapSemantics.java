package io.batchd.apiserver.openapi;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which structs and maps upstream marks {@code x-kubernetes-map-type: atomic} (its {@code
 * +structType=atomic} and {@code +mapType=atomic} markers), and the property defaults that
 * server-side apply needs to key list elements. Server-side apply replaces an atomic struct or map
 * whole and gives one manager all of it, so a second manager changing one field of a label selector
 * conflicts with the owner of the whole selector, as upstream.
 *
 * <p>The table holds upstream's values (v1.32) for the types batchd serves and their templates.
 */
final class MapSemantics {
  private static final String CORE = "io.k8s.api.core.v1.";

  private static final Set<String> ATOMIC_STRUCTS =
      Set.of(
          SchemaNames.META_V1 + "LabelSelector",
          SchemaNames.META_V1 + "OwnerReference",
          CORE + "ObjectReference",
          CORE + "LocalObjectReference",
          CORE + "TypedLocalObjectReference",
          CORE + "SecretReference",
          CORE + "ConfigMapKeySelector",
          CORE + "SecretKeySelector",
          CORE + "FileKeySelector",
          CORE + "ObjectFieldSelector",
          CORE + "ResourceFieldSelector",
          CORE + "NodeSelector",
          CORE + "NodeSelectorTerm",
          CORE + "TopologySelectorTerm");

  private static final Set<String> ATOMIC_MAPS = Set.of(CORE + "PodSpec#nodeSelector");

  /** Defaults upstream publishes for key fields of associative lists. */
  private static final Map<String, JsonNode> KEY_DEFAULTS =
      Map.of(CORE + "ContainerPort#protocol", JsonNodeFactory.instance.stringNode("TCP"));

  private MapSemantics() {}

  /** Marks the definition {@code name} atomic if upstream does. */
  static void writeDefinition(String name, ObjectNode schema) {
    if (ATOMIC_STRUCTS.contains(name)) {
      schema.put("x-kubernetes-map-type", "atomic");
    }
  }

  /** Marks a map property atomic and writes a key default, where upstream does. */
  static void writeProperty(String definition, String property, ObjectNode schema) {
    String key = definition + "#" + property;
    if (ATOMIC_MAPS.contains(key)) {
      schema.put("x-kubernetes-map-type", "atomic");
    }
    JsonNode value = KEY_DEFAULTS.get(key);
    if (value != null) {
      schema.set("default", value);
    }
  }
}
