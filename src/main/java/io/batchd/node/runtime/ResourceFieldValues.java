package io.batchd.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The values of {@code resourceFieldRef} selectors as the kubelet computes them: a container's
 * limit or request divided by the divisor and rounded up; a limit the container does not set is the
 * node's allocatable amount.
 */
final class ResourceFieldValues {
  private static final List<String> DEFAULTED_LIMITS =
      List.of("cpu", "memory", "ephemeral-storage");

  private final Pod pod;
  private final Map<String, Quantity> allocatable;

  ResourceFieldValues(Pod pod, Map<String, Quantity> allocatable) {
    this.pod = pod;
    this.allocatable = allocatable;
  }

  /** The value for {@code selector}, whose container is {@code current} when it names none. */
  String value(ResourceFieldSelector selector, Container current) throws ContainerConfigException {
    String name = selector.getContainerName();
    Container container = name == null || name.isEmpty() ? current : find(name);
    return valueOf(selector, container);
  }

  /** The value for a selector that must name its container (downward API files). */
  String value(ResourceFieldSelector selector) throws ContainerConfigException {
    return valueOf(selector, find(selector.getContainerName()));
  }

  private String valueOf(ResourceFieldSelector selector, Container container)
      throws ContainerConfigException {
    BigDecimal divisor = amount(selector.getDivisor());
    if (divisor.signum() == 0) {
      divisor = BigDecimal.ONE;
    }
    String resource = selector.getResource() == null ? "" : selector.getResource();
    Map<String, Quantity> limits = limitsWithAllocatable(container.getResources());
    Map<String, Quantity> requests = requests(container.getResources());
    return switch (resource) {
      case "limits.cpu" -> cpu(limits.get("cpu"), divisor);
      case "limits.memory" -> bytes(limits.get("memory"), divisor);
      case "limits.ephemeral-storage" -> bytes(limits.get("ephemeral-storage"), divisor);
      case "requests.cpu" -> cpu(requests.get("cpu"), divisor);
      case "requests.memory" -> bytes(requests.get("memory"), divisor);
      case "requests.ephemeral-storage" -> bytes(requests.get("ephemeral-storage"), divisor);
      default -> {
        if (resource.startsWith("limits.hugepages-")) {
          yield bytes(limits.get(resource.substring("limits.".length())), divisor);
        }
        if (resource.startsWith("requests.hugepages-")) {
          yield bytes(requests.get(resource.substring("requests.".length())), divisor);
        }
        throw new ContainerConfigException("unsupported container resource : " + resource);
      }
    };
  }

  private Container find(String name) throws ContainerConfigException {
    return Stream.concat(
            nullToEmpty(pod.getSpec().getInitContainers()).stream(),
            nullToEmpty(pod.getSpec().getContainers()).stream())
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new ContainerConfigException("container " + name + " not found"));
  }

  private Map<String, Quantity> limitsWithAllocatable(ResourceRequirements resources) {
    Map<String, Quantity> limits = new HashMap<>();
    if (resources != null && resources.getLimits() != null) {
      limits.putAll(resources.getLimits());
    }
    for (Map.Entry<String, Quantity> node : allocatable.entrySet()) {
      boolean defaulted =
          DEFAULTED_LIMITS.contains(node.getKey()) || node.getKey().startsWith("hugepages-");
      Quantity own = limits.get(node.getKey());
      if (defaulted && (own == null || amount(own).signum() == 0)) {
        limits.put(node.getKey(), node.getValue());
      }
    }
    return limits;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static Map<String, Quantity> requests(ResourceRequirements resources) {
    return resources == null || resources.getRequests() == null
        ? Map.of()
        : resources.getRequests();
  }

  /** CPU in units of the divisor: Go's ceil(float64(milliValue) / float64(divisorMilliValue)). */
  private static String cpu(Quantity quantity, BigDecimal divisor) {
    double value = ceilToLong(amount(quantity).movePointRight(3));
    double per = ceilToLong(divisor.movePointRight(3));
    return Long.toString((long) Math.ceil(value / per));
  }

  /** Memory and storage in units of the divisor: ceil(float64(value) / float64(divisorValue)). */
  private static String bytes(Quantity quantity, BigDecimal divisor) {
    double value = ceilToLong(amount(quantity));
    double per = ceilToLong(divisor);
    return Long.toString((long) Math.ceil(value / per));
  }

  private static long ceilToLong(BigDecimal d) {
    return d.setScale(0, RoundingMode.CEILING).longValue();
  }

  private static BigDecimal amount(Quantity quantity) {
    return quantity == null || quantity.getAmount() == null
        ? BigDecimal.ZERO
        : quantity.getNumericalAmount();
  }
}
