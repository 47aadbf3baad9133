package io.batchd.registry.core;

import io.batchd.registry.core.podspec.PodTemplateDefaults;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defaults kube-apiserver gives a Pod ({@code SetDefaults_Pod} and {@code SetDefaults_PodSpec}
 * of {@code pkg/apis/core/v1/defaults.go}, with the container, volume and probe defaults of {@link
 * PodTemplateDefaults}), in place:
 *
 * <ul>
 *   <li>a container's {@code resources.requests} default to its {@code limits} for each resource
 *       with a limit and no request (Pods only, not templates);
 *   <li>{@code enableServiceLinks: true};
 *   <li>with {@code hostNetwork}, each port's {@code hostPort} defaults to its {@code
 *       containerPort}.
 * </ul>
 *
 * <p>What admission plugins add on create is in {@link PodAdmissionDefaults}.
 */
final class PodDefaults {
  private PodDefaults() {}

  static void apply(Pod pod) {
    if (pod.getSpec() == null) {
      pod.setSpec(new PodSpec());
    }
    PodSpec spec = pod.getSpec();
    PodTemplateDefaults.applyToPodSpec(spec);
    nonNull(spec.getContainers()).forEach(PodDefaults::requestsFromLimits);
    nonNull(spec.getInitContainers()).forEach(PodDefaults::requestsFromLimits);
    if (spec.getEnableServiceLinks() == null) {
      spec.setEnableServiceLinks(true);
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      nonNull(spec.getContainers()).forEach(PodDefaults::hostPortsFromContainerPorts);
      nonNull(spec.getInitContainers()).forEach(PodDefaults::hostPortsFromContainerPorts);
    }
  }

  private static void requestsFromLimits(Container c) {
    ResourceRequirements resources = c.getResources();
    if (resources == null || resources.getLimits() == null || resources.getLimits().isEmpty()) {
      return;
    }
    Map<String, Quantity> requests =
        resources.getRequests() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(resources.getRequests());
    resources.getLimits().forEach((name, limit) -> requests.putIfAbsent(name, limit));
    resources.setRequests(requests);
  }

  private static void hostPortsFromContainerPorts(Container c) {
    for (ContainerPort port : nonNull(c.getPorts())) {
      if (port.getHostPort() == null || port.getHostPort() == 0) {
        port.setHostPort(port.getContainerPort());
      }
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
