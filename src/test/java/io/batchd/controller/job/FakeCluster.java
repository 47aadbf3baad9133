package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The persisted state a reconciler works on (the Job, its pods) with a reconciler that applies a
 * sync's writes one at a time and can stop after any of them, as a crash would; and a kubelet that
 * runs pods to an outcome. Each write is one API call: a pod create, a finalizer patch, a pod
 * delete, a status update.
 */
final class FakeCluster {
  /** What the kubelet makes of a pod: "Succeeded" or "Failed". */
  interface Outcomes extends BiFunction<Pod, Integer, String> {}

  private final JobSync jobSync;
  private Job job;
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private final Map<Integer, Integer> attemptsPerIndex = new LinkedHashMap<>();
  private int names;
  private Instant now;
  private PodBackoffRecord backoff = PodBackoffRecord.NONE;
  int kubeletSucceeded;
  int kubeletFailed;
  int writes;
  private final List<JobEvent> events = new ArrayList<>();

  List<JobEvent> events() {
    return List.copyOf(events);
  }

  FakeCluster(Job job, JobControllerOptions options, Instant start) {
    this.job = job;
    this.jobSync = new JobSync(options);
    this.now = start;
  }

  Job job() {
    return job;
  }

  List<Pod> pods() {
    return List.copyOf(pods.values());
  }

  JobStatus status() {
    return job.getStatus() == null ? new JobStatus() : job.getStatus();
  }

  void advance(Duration by) {
    now = now.plus(by);
  }

  void editJob(java.util.function.UnaryOperator<JobBuilder> edit) {
    job = edit.apply(new JobBuilder(job)).build();
  }

  /** A restart of the controller: its in-memory backoff record is gone. */
  void restartController() {
    backoff = PodBackoffRecord.NONE;
  }

  boolean finished() {
    return JobConditionList.isFinished(job.getStatus());
  }

  /**
   * One sync, applying at most {@code writeBudget} writes (negative: all). Returns whether every
   * write was applied; false means the controller "crashed" and lost its memory.
   */
  boolean sync(int writeBudget) {
    JobSyncResult result = jobSync.sync(JobSyncInput.of(job, pods(), now).withBackoff(backoff));
    if (result.decision() != JobSyncResult.Decision.SYNCED) {
      return true;
    }
    int[] budget = {writeBudget < 0 ? Integer.MAX_VALUE : writeBudget};
    StatusUpdate update = result.statusUpdate();
    events.addAll(update.events());
    for (Pod template : result.podsToCreate()) {
      if (!spend(budget)) {
        return crashed();
      }
      create(template);
    }
    for (PodDeletion deletion : result.podsToDelete()) {
      String uid = JobPods.uid(deletion.pod());
      if (deletion.removeFinalizerFirst() && JobPods.hasTrackingFinalizer(deletion.pod())) {
        if (!spend(budget)) {
          return crashed();
        }
        removeFinalizer(uid);
      }
      if (!spend(budget)) {
        return crashed();
      }
      delete(uid);
    }
    if (update.beforeFinalizerRemoval().isPresent()) {
      if (!spend(budget)) {
        return crashed();
      }
      writeStatus(update.beforeFinalizerRemoval().get());
    }
    backoff = update.backoff();
    for (Pod pod : update.finalizersToRemove()) {
      if (!spend(budget)) {
        return crashed();
      }
      removeFinalizer(JobPods.uid(pod));
    }
    if (update.afterFinalizerRemoval().isPresent()) {
      if (!spend(budget)) {
        return crashed();
      }
      writeStatus(update.afterFinalizerRemoval().get());
    }
    events.addAll(update.finishEvents());
    return true;
  }

  /** The kubelet: every pod that runs reaches its outcome; pods being deleted are killed. */
  void runPods(Outcomes outcomes) {
    for (Pod pod : List.copyOf(pods.values())) {
      if (JobPods.isTerminal(pod)) {
        continue;
      }
      String phase;
      if (JobPods.isDeleting(pod)) {
        phase = "Failed";
      } else {
        int index = CompletionIndexes.of(pod);
        int attempt = attemptsPerIndex.merge(index, 1, Integer::sum);
        phase = outcomes.apply(pod, attempt);
      }
      boolean tracked = JobPods.hasTrackingFinalizer(pod);
      if (tracked && "Succeeded".equals(phase)) {
        kubeletSucceeded++;
      } else if (tracked) {
        kubeletFailed++;
      }
      Pod finished =
          new PodBuilder(pod)
              .editOrNewStatus()
              .withPhase(phase)
              .withContainerStatuses(
                  new ContainerStatusBuilder()
                      .withName("main")
                      .withNewState()
                      .withNewTerminated()
                      .withExitCode("Succeeded".equals(phase) ? 0 : 1)
                      .withFinishedAt(Times.format(now))
                      .endTerminated()
                      .endState()
                      .build())
              .endStatus()
              .build();
      put(finished);
    }
  }

  /** Syncs and runs pods until the Job finishes; crashes at the write chosen by {@code crash}. */
  void runToEnd(Outcomes outcomes, java.util.function.IntUnaryOperator crash, int maxRounds) {
    for (int round = 0; round < maxRounds && !finished(); round++) {
      int budget = crash.applyAsInt(round);
      if (!sync(budget)) {
        restartController();
        continue;
      }
      runPods(outcomes);
      advance(Duration.ofSeconds(1));
    }
    // A last clean sync after the kubelet's final changes.
    for (int round = 0; round < 5 && !finished(); round++) {
      sync(-1);
    }
  }

  private boolean spend(int[] budget) {
    if (budget[0] <= 0) {
      return false;
    }
    budget[0]--;
    writes++;
    return true;
  }

  private boolean crashed() {
    return false;
  }

  private void create(Pod template) {
    String name = template.getMetadata().getGenerateName() + "x" + (++names);
    Pod pod =
        new PodBuilder(template)
            .editMetadata()
            .withName(name)
            .withUid("uid-" + name)
            .withCreationTimestamp(Times.format(now))
            .endMetadata()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    put(pod);
  }

  private void delete(String uid) {
    Pod pod = pods.get(uid);
    if (pod == null) {
      return;
    }
    if (pod.getMetadata().getFinalizers() == null || pod.getMetadata().getFinalizers().isEmpty()) {
      pods.remove(uid);
      return;
    }
    if (pod.getMetadata().getDeletionTimestamp() == null) {
      put(
          new PodBuilder(pod)
              .editMetadata()
              .withDeletionTimestamp(Times.format(now))
              .withDeletionGracePeriodSeconds(0L)
              .endMetadata()
              .build());
    }
  }

  void removeFinalizer(String uid) {
    Pod pod = pods.get(uid);
    if (pod == null) {
      return;
    }
    List<String> finalizers = new ArrayList<>(pod.getMetadata().getFinalizers());
    finalizers.remove(JobPods.TRACKING_FINALIZER);
    Pod patched =
        new PodBuilder(pod).editMetadata().withFinalizers(finalizers).endMetadata().build();
    if (finalizers.isEmpty() && patched.getMetadata().getDeletionTimestamp() != null) {
      pods.remove(uid);
    } else {
      put(patched);
    }
  }

  private void writeStatus(JobStatus status) {
    job = new JobBuilder(job).withStatus(status).build();
  }

  private void put(Pod pod) {
    pods.put(JobPods.uid(pod), pod);
  }
}
