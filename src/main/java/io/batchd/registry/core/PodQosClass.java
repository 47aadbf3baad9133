package io.batchd.registry.core;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's quality-of-service class, as upstream's {@code qos.GetPodQOS} computes it from the cpu
 * and memory requests and limits of its containers and init containers: {@code BestEffort} when
 * none has any, {@code Guaranteed} when every container limits both and requests what it limits,
 * else {@code Burstable}.
 */
final class PodQosClass {
  private static final Set<String> COMPUTE = Set.of("cpu", "memory");

  private PodQosClass() {}

  static String of(Pod pod) {
    List<Container> containers = new ArrayList<>();
    if (pod.getSpec().getContainers() != null) {
      containers.addAll(pod.getSpec().getContainers());
    }
    if (pod.getSpec().getInitContainers() != null) {
      containers.addAll(pod.getSpec().getInitContainers());
    }
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    for (Container c : containers) {
      Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
      Map<String, Quantity> lim = c.getResources() == null ? null : c.getResources().getLimits();
      Set<String> limited = new java.util.HashSet<>();
      for (String name : COMPUTE) {
        BigDecimal r = positive(req, name);
        if (r != null) {
          requests.merge(name, r, BigDecimal::add);
        }
        BigDecimal l = positive(lim, name);
        if (l != null) {
          limited.add(name);
          limits.merge(name, l, BigDecimal::add);
        }
      }
      if (!limited.containsAll(COMPUTE)) {
        guaranteed = false;
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return "BestEffort";
    }
    if (guaranteed) {
      for (Map.Entry<String, BigDecimal> request : requests.entrySet()) {
        BigDecimal limit = limits.get(request.getKey());
        if (limit == null || limit.compareTo(request.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && limits.size() == COMPUTE.size() ? "Guaranteed" : "Burstable";
  }

  /** The amount of a positive quantity, or null when absent or zero. */
  private static BigDecimal positive(Map<String, Quantity> list, String name) {
    if (list == null || list.get(name) == null) {
      return null;
    }
    try {
      BigDecimal amount = Quantity.getAmountInBytes(list.get(name));
      return amount.signum() > 0 ? amount : null;
    } catch (IllegalArgumentException e) {
      return null; // validation reports unparseable quantities
    }
  }
}
