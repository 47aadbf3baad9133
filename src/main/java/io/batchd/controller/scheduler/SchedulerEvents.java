package io.batchd.controller.scheduler;

import io.batchd.client.EventRecorder;
import io.fabric8.kubernetes.api.model.Pod;

/** The events the scheduler records, worded as upstream's: Scheduled and FailedScheduling. */
final class SchedulerEvents {
  private final EventRecorder recorder;

  SchedulerEvents(EventRecorder recorder) {
    this.recorder = recorder;
  }

  void scheduled(Pod pod, String node) {
    recorder.normal(
        pod,
        "Scheduled",
        "Successfully assigned "
            + pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + " to "
            + node);
  }

  void failedScheduling(Pod pod, String message) {
    recorder.warning(pod, "FailedScheduling", message);
  }
}
