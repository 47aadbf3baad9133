package io.batchd.apiserver.openapi;

import java.util.List;
import java.util.Map;

/**
 * The fields upstream marks required, for the definitions batchd's objects use most. kubectl's
 * explain shows them as {@code -required-}; validation is the server's, so a definition missing
 * from this table loses only that hint.
 */
final class RequiredFields {
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String BATCH = "io.k8s.api.batch.v1.";

  private static final Map<String, List<String>> BY_DEFINITION =
      Map.ofEntries(
          Map.entry(BATCH + "JobSpec", List.of("template")),
          Map.entry(BATCH + "JobCondition", List.of("type", "status")),
          Map.entry(BATCH + "PodFailurePolicy", List.of("rules")),
          Map.entry(BATCH + "PodFailurePolicyRule", List.of("action")),
          Map.entry(
              BATCH + "PodFailurePolicyOnExitCodesRequirement", List.of("operator", "values")),
          Map.entry(BATCH + "PodFailurePolicyOnPodConditionsPattern", List.of("type", "status")),
          Map.entry(BATCH + "SuccessPolicy", List.of("rules")),
          Map.entry(CORE + "PodSpec", List.of("containers")),
          Map.entry(CORE + "Container", List.of("name")),
          Map.entry(CORE + "EphemeralContainer", List.of("name")),
          Map.entry(CORE + "ContainerPort", List.of("containerPort")),
          Map.entry(CORE + "EnvVar", List.of("name")),
          Map.entry(CORE + "VolumeMount", List.of("name", "mountPath")),
          Map.entry(CORE + "VolumeDevice", List.of("name", "devicePath")),
          Map.entry(CORE + "Volume", List.of("name")),
          Map.entry(CORE + "KeyToPath", List.of("key", "path")),
          Map.entry(CORE + "HostPathVolumeSource", List.of("path")),
          Map.entry(CORE + "ConfigMapKeySelector", List.of("key")),
          Map.entry(CORE + "SecretKeySelector", List.of("key")),
          Map.entry(CORE + "ObjectFieldSelector", List.of("fieldPath")),
          Map.entry(CORE + "ResourceFieldSelector", List.of("resource")),
          Map.entry(CORE + "HTTPGetAction", List.of("port")),
          Map.entry(CORE + "HTTPHeader", List.of("name", "value")),
          Map.entry(CORE + "TCPSocketAction", List.of("port")),
          Map.entry(CORE + "GRPCAction", List.of("port")),
          Map.entry(CORE + "HostAlias", List.of("ip")),
          Map.entry(CORE + "PodReadinessGate", List.of("conditionType")),
          Map.entry(CORE + "PodSchedulingGate", List.of("name")),
          Map.entry(CORE + "Sysctl", List.of("name", "value")),
          Map.entry(CORE + "NodeSelector", List.of("nodeSelectorTerms")),
          Map.entry(CORE + "NodeSelectorRequirement", List.of("key", "operator")),
          Map.entry(CORE + "PodAffinityTerm", List.of("topologyKey")),
          Map.entry(CORE + "WeightedPodAffinityTerm", List.of("weight", "podAffinityTerm")),
          Map.entry(CORE + "PreferredSchedulingTerm", List.of("weight", "preference")),
          Map.entry(
              CORE + "TopologySpreadConstraint",
              List.of("maxSkew", "topologyKey", "whenUnsatisfiable")),
          Map.entry(CORE + "PodCondition", List.of("type", "status")),
          Map.entry(CORE + "NamespaceCondition", List.of("type", "status")),
          Map.entry(CORE + "NodeCondition", List.of("type", "status")),
          Map.entry(
              SchemaNames.META_V1 + "OwnerReference", List.of("apiVersion", "kind", "name", "uid")),
          Map.entry(SchemaNames.META_V1 + "LabelSelectorRequirement", List.of("key", "operator")));

  private RequiredFields() {}

  /** The required properties of {@code definition}, in upstream's order; empty if none known. */
  static List<String> of(String definition) {
    return BY_DEFINITION.getOrDefault(definition, List.of());
  }
}
