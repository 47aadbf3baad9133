package io.batchd.apiserver.openapi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * How upstream merges a list field, as its {@code x-kubernetes-list-type}, {@code -list-map-keys},
 * {@code -patch-merge-key} and {@code -patch-strategy} extensions say. kubectl's client-side {@code
 * apply} builds its strategic merge patch from these, so a list that upstream merges by key must
 * say so here or kubectl would replace it whole.
 *
 * <p>The table holds the merged lists and sets of the types batchd serves and their templates
 * (Jobs, Pods, Namespaces, Nodes, object metadata), with upstream's values as of v1.32. Lists not
 * in it get no extension, which clients read as "replace the whole list", upstream's behaviour for
 * atomic lists.
 *
 * @param listType {@code map}, {@code set} or {@code atomic}
 * @param mapKeys the keys of a {@code map} list
 * @param mergeKey the strategic merge key, or null
 * @param patchStrategy the strategic patch strategy, or null
 */
record ListSemantics(String listType, List<String> mapKeys, String mergeKey, String patchStrategy) {
  private static final String CORE = "io.k8s.api.core.v1.";

  private static final Map<String, ListSemantics> BY_FIELD =
      Map.ofEntries(
          Map.entry(SchemaNames.META_V1 + "ObjectMeta#finalizers", set()),
          Map.entry(SchemaNames.META_V1 + "ObjectMeta#ownerReferences", merged("uid")),
          Map.entry(CORE + "PodSpec#containers", merged("name")),
          Map.entry(CORE + "PodSpec#initContainers", merged("name")),
          Map.entry(CORE + "PodSpec#ephemeralContainers", merged("name")),
          Map.entry(CORE + "PodSpec#imagePullSecrets", merged("name")),
          Map.entry(CORE + "PodSpec#schedulingGates", merged("name")),
          Map.entry(CORE + "PodSpec#hostAliases", merged("ip")),
          Map.entry(CORE + "PodSpec#volumes", merged("name").retainingKeys()),
          Map.entry(CORE + "PodSpec#resourceClaims", merged("name").retainingKeys()),
          Map.entry(
              CORE + "PodSpec#topologySpreadConstraints",
              new ListSemantics(
                  "map", List.of("topologyKey", "whenUnsatisfiable"), "topologyKey", "merge")),
          Map.entry(CORE + "Container#env", merged("name")),
          Map.entry(CORE + "Container#ports", ports()),
          Map.entry(CORE + "Container#volumeMounts", merged("mountPath")),
          Map.entry(CORE + "Container#volumeDevices", merged("devicePath")),
          Map.entry(CORE + "EphemeralContainer#env", merged("name")),
          Map.entry(CORE + "EphemeralContainer#ports", ports()),
          Map.entry(CORE + "EphemeralContainer#volumeMounts", merged("mountPath")),
          Map.entry(CORE + "EphemeralContainer#volumeDevices", merged("devicePath")),
          Map.entry(CORE + "PodStatus#conditions", merged("type")),
          Map.entry(CORE + "PodStatus#podIPs", merged("ip")),
          // Merged by ip in patches, yet atomic for server-side apply: upstream's own mix.
          Map.entry(
              CORE + "PodStatus#hostIPs", new ListSemantics("atomic", List.of(), "ip", "merge")),
          Map.entry(CORE + "NamespaceStatus#conditions", merged("type")),
          Map.entry(CORE + "NodeStatus#conditions", merged("type")),
          Map.entry(CORE + "NodeStatus#addresses", merged("type")),
          Map.entry(CORE + "NodeSpec#podCIDRs", set()),
          Map.entry(
              "io.k8s.api.batch.v1.JobStatus#conditions",
              new ListSemantics("atomic", List.of(), "type", "merge")),
          Map.entry("io.k8s.api.batch.v1.UncountedTerminatedPods#succeeded", plainSet()),
          Map.entry("io.k8s.api.batch.v1.UncountedTerminatedPods#failed", plainSet()),
          Map.entry(
              "io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement#values", plainSet()));

  /**
   * The semantics of {@code property} of the definition {@code definition}, if upstream has any.
   */
  static Optional<ListSemantics> of(String definition, String property) {
    return Optional.ofNullable(BY_FIELD.get(definition + "#" + property));
  }

  /** Writes the extensions onto the list's schema. */
  void writeTo(ObjectNode schema) {
    if (!mapKeys.isEmpty()) {
      var keys = schema.putArray("x-kubernetes-list-map-keys");
      mapKeys.forEach(keys::add);
    }
    schema.put("x-kubernetes-list-type", listType);
    if (mergeKey != null) {
      schema.put("x-kubernetes-patch-merge-key", mergeKey);
    }
    if (patchStrategy != null) {
      schema.put("x-kubernetes-patch-strategy", patchStrategy);
    }
  }

  private static ListSemantics merged(String key) {
    return new ListSemantics("map", List.of(key), key, "merge");
  }

  private static ListSemantics ports() {
    return new ListSemantics("map", List.of("containerPort", "protocol"), "containerPort", "merge");
  }

  /** A list of scalars that patches merge as a set. */
  private static ListSemantics set() {
    return new ListSemantics("set", List.of(), null, "merge");
  }

  /** A set for server-side apply that patches still replace whole. */
  private static ListSemantics plainSet() {
    return new ListSemantics("set", List.of(), null, null);
  }

  private ListSemantics retainingKeys() {
    return new ListSemantics(listType, mapKeys, mergeKey, patchStrategy + ",retainKeys");
  }
}
