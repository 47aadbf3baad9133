package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Builders for Jobs and their pods in the states the decision function reads. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** A finish time long before {@link #NOW}, so that no pod backoff applies. */
  static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:01Z");

  private static final AtomicInteger NAMES = new AtomicInteger();

  private Fixtures() {}

  /** Job "foobar" in "default", selector foo=bar, restartPolicy Never; completions null = WQ. */
  static JobBuilder job(int parallelism, Integer completions, int backoffLimit) {
    return new JobBuilder()
        .withNewMetadata()
        .withName("foobar")
        .withNamespace("default")
        .withUid("job-uid")
        .endMetadata()
        .withNewSpec()
        .withParallelism(parallelism)
        .withCompletions(completions)
        .withBackoffLimit(backoffLimit)
        .withNewSelector()
        .withMatchLabels(Map.of("foo", "bar"))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("foo", "bar"))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("foo/bar")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  static JobBuilder indexedJob(int parallelism, int completions, int backoffLimit) {
    return job(parallelism, completions, backoffLimit)
        .editSpec()
        .withCompletionMode("Indexed")
        .endSpec();
  }

  static PodState pod(Job job) {
    return new PodState(job, "pod-" + NAMES.incrementAndGet());
  }

  static List<Pod> pods(Job job, int count, java.util.function.UnaryOperator<PodState> state) {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pods.add(state.apply(pod(job)).build());
    }
    return pods;
  }

  static JobStatus statusOf(JobSyncResult result, Job job) {
    return result.statusUpdate().finalStatus().orElse(job.getStatus());
  }

  static int nz(Integer value) {
    return value == null ? 0 : value;
  }

  static Optional<JobCondition> condition(JobStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** A pod of the Job: owned, tracked by the finalizer, Pending until told otherwise. */
  static final class PodState {
    private final Job job;
    private final String name;
    private String phase = "Pending";
    private boolean finalizer = true;
    private boolean ready;
    private Instant deletedAt;
    private String nodeName;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<ContainerStatus> containers = new ArrayList<>();
    private final List<PodCondition> conditions = new ArrayList<>();
    private boolean owned = true;
    private int restarts;

    PodState(Job job, String name) {
      this.job = job;
      this.name = name;
    }

    PodState pending() {
      phase = "Pending";
      return this;
    }

    PodState running() {
      phase = "Running";
      return this;
    }

    PodState ready() {
      phase = "Running";
      ready = true;
      return this;
    }

    PodState succeeded() {
      return finished("Succeeded", 0, LONG_AGO);
    }

    PodState failed() {
      return finished("Failed", 1, LONG_AGO);
    }

    PodState failedAt(Instant when) {
      return finished("Failed", 1, when);
    }

    PodState succeededAt(Instant when) {
      return finished("Succeeded", 0, when);
    }

    PodState failedWithExitCode(String container, int code) {
      phase = "Failed";
      containers.add(
          new ContainerStatusBuilder()
              .withName(container)
              .withNewState()
              .withNewTerminated()
              .withExitCode(code)
              .withFinishedAt(Times.format(LONG_AGO))
              .endTerminated()
              .endState()
              .build());
      return this;
    }

    PodState withCondition(String type, String status) {
      conditions.add(new PodConditionBuilder().withType(type).withStatus(status).build());
      return this;
    }

    PodState terminating() {
      if ("Pending".equals(phase)) {
        phase = "Running";
      }
      deletedAt = NOW;
      return this;
    }

    PodState index(int index) {
      annotations.put(CompletionIndexes.INDEX_KEY, Integer.toString(index));
      return this;
    }

    PodState index(String index) {
      annotations.put(CompletionIndexes.INDEX_KEY, index);
      return this;
    }

    PodState annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    PodState failureCount(int count) {
      return annotation(CompletionIndexes.FAILURE_COUNT_KEY, Integer.toString(count));
    }

    PodState withoutFinalizer() {
      finalizer = false;
      return this;
    }

    PodState onNode(String node) {
      nodeName = node;
      return this;
    }

    PodState restarts(int count) {
      restarts = count;
      return this;
    }

    PodState orphan() {
      owned = false;
      return this;
    }

    private PodState finished(String phase, int exitCode, Instant at) {
      this.phase = phase;
      containers.add(
          new ContainerStatusBuilder()
              .withName("main")
              .withNewState()
              .withNewTerminated()
              .withExitCode(exitCode)
              .withFinishedAt(Times.format(at))
              .endTerminated()
              .endState()
              .build());
      return this;
    }

    Pod build() {
      List<OwnerReference> refs =
          owned ? List.of(JobPodFactory.controllerRef(job)) : List.<OwnerReference>of();
      List<PodCondition> allConditions = new ArrayList<>(conditions);
      if (ready) {
        allConditions.add(
            new PodConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withLastTransitionTime(Times.format(NOW.minusSeconds(60)))
                .build());
      }
      List<ContainerStatus> statuses = new ArrayList<>(containers);
      if (restarts > 0) {
        statuses.add(
            new ContainerStatusBuilder().withName("main").withRestartCount(restarts).build());
      }
      return new PodBuilder()
          .withNewMetadata()
          .withName(name)
          .withUid(name)
          .withNamespace("default")
          .withLabels(Map.of("foo", "bar"))
          .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
          .withFinalizers(finalizer ? List.of(JobPods.TRACKING_FINALIZER) : List.of())
          .withOwnerReferences(refs)
          .withCreationTimestamp(Times.format(LONG_AGO))
          .withDeletionTimestamp(deletedAt == null ? null : Times.format(deletedAt))
          .endMetadata()
          .withNewSpec()
          .withNodeName(nodeName)
          .endSpec()
          .withNewStatus()
          .withPhase(phase)
          .withContainerStatuses(statuses)
          .withConditions(allConditions)
          .endStatus()
          .build();
    }
  }
}
