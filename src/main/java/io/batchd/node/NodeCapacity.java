package io.batchd.node;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a node offers: CPUs, memory and the most pods at once.
 *
 * @param cpuMillis CPU in thousandths of a core
 * @param memoryBytes memory in bytes
 * @param pods the most pods bound at once (110 is the kubelet's default)
 */
public record NodeCapacity(long cpuMillis, long memoryBytes, int pods) {

  /** This machine's processors and physical memory, with the kubelet's default pod limit. */
  public static NodeCapacity ofThisMachine() {
    long memory =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    return new NodeCapacity(Runtime.getRuntime().availableProcessors() * 1000L, memory, 110);
  }

  public Map<String, Quantity> asQuantities() {
    Map<String, Quantity> q = new LinkedHashMap<>();
    q.put(
        "cpu",
        cpuMillis % 1000 == 0
            ? new Quantity(Long.toString(cpuMillis / 1000))
            : new Quantity(cpuMillis + "m"));
    q.put("memory", new Quantity(memoryBytes / 1024 + "Ki"));
    q.put("pods", new Quantity(Integer.toString(pods)));
    return q;
  }
}
