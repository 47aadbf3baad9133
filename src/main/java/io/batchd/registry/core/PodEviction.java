package io.batchd.registry.core;

import io.batchd.api.errors.StatusException;
import io.batchd.registry.Registry;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;

/**
 * A pod's {@code /eviction} subresource, as upstream's {@code EvictionREST} behaves when no
 * PodDisruptionBudget covers the pod: the pod gets the {@code DisruptionTarget} condition (reason
 * {@code EvictionByEvictionAPI}) and is deleted with the eviction's delete options, gracefully as
 * any delete. batchd serves no PodDisruptionBudgets, so no eviction is ever refused for one (no
 * 429).
 */
public final class PodEviction {
  static final String REASON = "EvictionByEvictionAPI";
  static final String MESSAGE = "Eviction API: evicting";

  private PodEviction() {}

  public static void evict(
      Registry<Pod> pods, String namespace, String name, Eviction eviction, boolean dryRun) {
    String evictionName = eviction.getMetadata() == null ? null : eviction.getMetadata().getName();
    if (!name.equals(evictionName)) {
      throw StatusException.badRequest("name in URL does not match name in Eviction object");
    }
    DeleteOptions options =
        eviction.getDeleteOptions() == null ? new DeleteOptions() : eviction.getDeleteOptions();
    boolean dry = dryRun || (options.getDryRun() != null && options.getDryRun().contains("All"));
    String uid = options.getPreconditions() == null ? null : options.getPreconditions().getUid();
    String resourceVersion =
        options.getPreconditions() == null ? null : options.getPreconditions().getResourceVersion();
    if (!dry) {
      Pod marked =
          pods.updateBySubresource(
              namespace,
              name,
              uid,
              resourceVersion,
              pod -> {
                PodConditions.set(
                    pod, "DisruptionTarget", "True", REASON, MESSAGE, pods.nowTimestamp());
                return pod;
              },
              false);
      if (resourceVersion != null) {
        // The condition was written by this eviction: the delete follows from that version.
        resourceVersion = marked.getMetadata().getResourceVersion();
      }
    }
    pods.delete(namespace, name, uid, resourceVersion, options.getGracePeriodSeconds(), dry);
  }
}
