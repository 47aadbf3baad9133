package io.batchd.registry.core;

import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What kube-apiserver's default admission plugins add to a new Pod, so that clients see the same
 * object here as on a cluster:
 *
 * <ul>
 *   <li>{@code DefaultTolerationSeconds}: tolerations of {@code node.kubernetes.io/not-ready} and
 *       {@code node.kubernetes.io/unreachable} with effect {@code NoExecute} for 300 seconds,
 *       unless the pod already tolerates that taint;
 *   <li>{@code ServiceAccount}: {@code serviceAccountName} (and the deprecated {@code
 *       serviceAccount} it mirrors) {@code default} when unset. The plugin's token volume is not
 *       added: batchd issues no service-account tokens.
 *   <li>{@code Priority}: the priority of the pod's class, {@code 0} for a pod without one, and
 *       {@code preemptionPolicy: PreemptLowerPriority}. batchd serves no PriorityClass objects; the
 *       two built-in classes {@code system-cluster-critical} and {@code system-node-critical} are
 *       known, any other name is refused with upstream's 403.
 * </ul>
 */
final class PodAdmissionDefaults {
  static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
  static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
  static final long DEFAULT_TOLERATION_SECONDS = 300;

  /** The classes every cluster has, with their values. */
  private static final Map<String, Integer> BUILT_IN_PRIORITY_CLASSES =
      Map.of("system-cluster-critical", 2_000_000_000, "system-node-critical", 2_000_001_000);

  private PodAdmissionDefaults() {}

  static void apply(Pod pod) {
    PodSpec spec = pod.getSpec();
    List<Toleration> tolerations =
        spec.getTolerations() == null ? new ArrayList<>() : new ArrayList<>(spec.getTolerations());
    addDefaultToleration(tolerations, NOT_READY_TAINT);
    addDefaultToleration(tolerations, UNREACHABLE_TAINT);
    spec.setTolerations(tolerations);
    if (spec.getServiceAccountName() == null || spec.getServiceAccountName().isEmpty()) {
      String deprecated = spec.getServiceAccount();
      spec.setServiceAccountName(
          deprecated == null || deprecated.isEmpty() ? "default" : deprecated);
    }
    spec.setServiceAccount(spec.getServiceAccountName());
    applyPriority(pod);
  }

  private static void applyPriority(Pod pod) {
    PodSpec spec = pod.getSpec();
    String className = spec.getPriorityClassName();
    int priority = 0;
    if (className != null && !className.isEmpty()) {
      Integer value = BUILT_IN_PRIORITY_CLASSES.get(className);
      if (value == null) {
        throw forbidden(pod, "no PriorityClass with name " + className + " was found");
      }
      priority = value;
    }
    if (spec.getPriority() != null && spec.getPriority() != priority) {
      throw forbidden(
          pod,
          "the integer value of priority ("
              + spec.getPriority()
              + ") must not be provided in pod spec; priority admission controller computed "
              + priority
              + " from the given PriorityClass name");
    }
    spec.setPriority(priority);
    if (spec.getPreemptionPolicy() == null) {
      spec.setPreemptionPolicy("PreemptLowerPriority");
    }
  }

  private static StatusException forbidden(Pod pod, String why) {
    return StatusException.forbidden(
        "pods \"" + pod.getMetadata().getName() + "\" is forbidden: " + why);
  }

  /**
   * Upstream adds the toleration unless one names the key (or no key) with effect NoExecute (or no
   * effect).
   */
  private static void addDefaultToleration(List<Toleration> tolerations, String key) {
    for (Toleration t : tolerations) {
      boolean matchesKey = t.getKey() == null || t.getKey().isEmpty() || t.getKey().equals(key);
      boolean matchesEffect =
          t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals("NoExecute");
      if (matchesKey && matchesEffect) {
        return;
      }
    }
    Toleration toleration = new Toleration();
    toleration.setKey(key);
    toleration.setOperator("Exists");
    toleration.setEffect("NoExecute");
    toleration.setTolerationSeconds(DEFAULT_TOLERATION_SECONDS);
    tolerations.add(toleration);
  }
}
