package io.batchd.registry.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets a pod condition as upstream's {@code UpdatePodCondition} does: the transition time moves
 * only when the status changes.
 */
final class PodConditions {
  private PodConditions() {}

  static void set(Pod pod, String type, String status, String reason, String message, String now) {
    if (pod.getStatus() == null) {
      pod.setStatus(new PodStatus());
    }
    List<PodCondition> conditions =
        pod.getStatus().getConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(pod.getStatus().getConditions());
    PodCondition next = new PodCondition();
    next.setType(type);
    next.setStatus(status);
    next.setReason(reason);
    next.setMessage(message);
    next.setLastTransitionTime(now);
    for (int i = 0; i < conditions.size(); i++) {
      PodCondition old = conditions.get(i);
      if (type.equals(old.getType())) {
        if (Objects.equals(old.getStatus(), status)) {
          next.setLastTransitionTime(old.getLastTransitionTime());
        }
        next.setLastProbeTime(old.getLastProbeTime());
        conditions.set(i, next);
        pod.getStatus().setConditions(conditions);
        return;
      }
    }
    conditions.add(next);
    pod.getStatus().setConditions(conditions);
  }
}
