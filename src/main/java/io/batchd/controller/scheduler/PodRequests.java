package io.batchd.controller.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What a pod asks of a node, as the scheduler counts it: the sum over its containers, or the
 * largest init container if that is more, plus the pod overhead.
 *
 * @param cpuMillis CPU in thousandths of a core
 * @param memoryBytes memory in bytes
 */
record PodRequests(long cpuMillis, long memoryBytes) {
  static final PodRequests NONE = new PodRequests(0, 0);

  static PodRequests of(Pod pod) {
    long cpu = 0;
    long memory = 0;
    for (Container c : pod.getSpec().getContainers()) {
      cpu += request(c, "cpu", 1000);
      memory += request(c, "memory", 1);
    }
    for (Container c : pod.getSpec().getInitContainers()) {
      cpu = Math.max(cpu, request(c, "cpu", 1000));
      memory = Math.max(memory, request(c, "memory", 1));
    }
    Map<String, Quantity> overhead = pod.getSpec().getOverhead();
    if (overhead != null) {
      cpu += amount(overhead.get("cpu"), 1000);
      memory += amount(overhead.get("memory"), 1);
    }
    return new PodRequests(cpu, memory);
  }

  PodRequests plus(PodRequests other) {
    return new PodRequests(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes);
  }

  /** A container's request, or its limit when only a limit is set, as the API defaults it. */
  private static long request(Container c, String resource, int scale) {
    if (c.getResources() == null) {
      return 0;
    }
    Map<String, Quantity> requests = c.getResources().getRequests();
    if (requests != null && requests.containsKey(resource)) {
      return amount(requests.get(resource), scale);
    }
    Map<String, Quantity> limits = c.getResources().getLimits();
    if (limits != null && limits.containsKey(resource)) {
      return amount(limits.get(resource), scale);
    }
    return 0;
  }

  static long amount(Quantity q, int scale) {
    if (q == null) {
      return 0;
    }
    BigDecimal value = q.getNumericalAmount().multiply(BigDecimal.valueOf(scale));
    return value.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
  }
}
