package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * The order in which active pods are chosen for deletion, first to last (upstream {@code
 * controller.ActivePods}): unscheduled before scheduled, Pending before Unknown before Running, not
 * ready before ready, recently ready before long ready, more restarts before fewer, newer before
 * older. Deleting the pods that have done the least work first.
 */
final class ActivePodOrder implements Comparator<Pod> {
  static final ActivePodOrder INSTANCE = new ActivePodOrder();

  private static final Map<String, Integer> PHASE_ORDER =
      Map.of("Pending", 0, "Unknown", 1, "Running", 2);

  private ActivePodOrder() {}

  @Override
  public int compare(Pod a, Pod b) {
    String nodeA = nodeName(a);
    String nodeB = nodeName(b);
    if (!nodeA.equals(nodeB) && (nodeA.isEmpty() || nodeB.isEmpty())) {
      return nodeA.isEmpty() ? -1 : 1;
    }
    int phase = Integer.compare(phaseOrder(a), phaseOrder(b));
    if (phase != 0) {
      return phase;
    }
    boolean readyA = JobPods.isReady(a);
    boolean readyB = JobPods.isReady(b);
    if (readyA != readyB) {
      return readyA ? 1 : -1;
    }
    if (readyA) {
      int byReadyTime = laterOrZeroFirst(readyTime(a), readyTime(b));
      if (byReadyTime != 0) {
        return byReadyTime;
      }
    }
    int restarts =
        Integer.compare(JobPods.maxContainerRestarts(b), JobPods.maxContainerRestarts(a));
    if (restarts != 0) {
      return restarts;
    }
    return laterOrZeroFirst(
        Times.parse(a.getMetadata().getCreationTimestamp()),
        Times.parse(b.getMetadata().getCreationTimestamp()));
  }

  private static String nodeName(Pod pod) {
    return pod.getSpec() == null ? "" : Objects.requireNonNullElse(pod.getSpec().getNodeName(), "");
  }

  // A phase outside the table (Succeeded, Failed, none) orders first, as a missing Go map key is 0.
  private static int phaseOrder(Pod pod) {
    String phase = JobPods.phase(pod);
    return phase == null ? 0 : PHASE_ORDER.getOrDefault(phase, 0);
  }

  private static Instant readyTime(Pod pod) {
    return JobPods.condition(pod, "Ready")
        .map(c -> Times.parse(c.getLastTransitionTime()))
        .orElse(null);
  }

  // Missing times first, then the later time first; equal times tie.
  private static int laterOrZeroFirst(Instant a, Instant b) {
    if (Objects.equals(a, b)) {
      return 0;
    }
    if (a == null || b == null) {
      return a == null ? -1 : 1;
    }
    return b.compareTo(a);
  }
}
