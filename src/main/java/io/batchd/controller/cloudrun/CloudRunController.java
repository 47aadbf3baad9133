package io.batchd.controller.cloudrun;

import io.batchd.api.cloudrun.ExecutionReference;
import io.batchd.api.cloudrun.ExecutionStatus;
import io.batchd.api.cloudrun.RunCondition;
import io.batchd.api.cloudrun.RunExecution;
import io.batchd.api.cloudrun.RunJob;
import io.batchd.api.cloudrun.RunJobStatus;
import io.batchd.api.cloudrun.RunLabels;
import io.batchd.api.errors.StatusException;
import io.batchd.client.ApiClient;
import io.batchd.client.Informer;
import io.batchd.client.InformerHandler;
import io.batchd.client.ResourceClient;
import io.batchd.client.Selectors;
import io.batchd.client.SharedInformers;
import io.batchd.client.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out Cloud Run jobs on batch/v1 Jobs. Each execution gets a batch Job of its name, whose
 * status it mirrors; {@code :cancel} suspends that Job, which stops its pods. A Cloud Run job's
 * status says Ready for its latest generation and follows its latest execution. Deletion cascades
 * by hand, since batchd has no garbage collector yet: a deleted job's executions are deleted, and a
 * deleted execution's batch Job and pods.
 */
public final class CloudRunController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CloudRunController.class);
  private static final String JOB_KEY = "job:";
  private static final String EXECUTION_KEY = "execution:";

  private final ResourceClient<RunJob> runJobs;
  private final ResourceClient<RunExecution> executions;
  private final ResourceClient<Job> batchJobs;
  private final ResourceClient<Pod> pods;
  private final Informer<RunJob> jobInformer;
  private final Informer<RunExecution> executionInformer;
  private final Informer<Job> batchInformer;
  private final Clock clock;
  private final WorkQueue<String> queue =
      new WorkQueue<>("cloud-run", Duration.ofMillis(5), Duration.ofSeconds(30));

  /**
   * @param shared the process's shared informers, whose Job informer tells of the executions' Jobs
   *     (a Job informer of its own, with a label selector, decoded every Job of the server a second
   *     time to find the few that run executions)
   */
  public CloudRunController(ApiClient client, Clock clock, SharedInformers shared) {
    this.runJobs = client.resources(RunJob.class);
    this.executions = client.resources(RunExecution.class);
    this.batchJobs = client.resources(Job.class);
    this.pods = client.resources(Pod.class);
    this.clock = clock;
    this.jobInformer = new Informer<>(runJobs, null, Selectors.ALL, "cloud-run-jobs");
    this.executionInformer =
        new Informer<>(executions, null, Selectors.ALL, "cloud-run-executions");
    this.batchInformer = shared.of(Job.class);
  }

  public CloudRunController start() {
    jobInformer.addHandler(handler(o -> queue.add(JOB_KEY + Informer.key(o))));
    executionInformer.addHandler(handler(this::executionChanged));
    batchInformer.addHandler(
        handler(
            job -> {
              if (job.getMetadata().getLabels() != null
                  && job.getMetadata().getLabels().containsKey(RunLabels.EXECUTION)) {
                queue.add(EXECUTION_KEY + Informer.key(job));
              }
            }));
    jobInformer.start();
    executionInformer.start();
    Thread.ofVirtual().name("cloud-run-controller").start(this::work);
    return this;
  }

  private void executionChanged(RunExecution execution) {
    queue.add(EXECUTION_KEY + Informer.key(execution));
    String job = execution.getMetadata().getLabels().get(RunLabels.JOB);
    if (job != null) {
      queue.add(JOB_KEY + Informer.key(execution.namespace(), job));
    }
  }

  private static <T extends HasMetadata> InformerHandler<T> handler(
      java.util.function.Consumer<T> enqueue) {
    return new InformerHandler<>() {
      @Override
      public void onAdd(T object) {
        enqueue.accept(object);
      }

      @Override
      public void onUpdate(T old, T object) {
        enqueue.accept(object);
      }

      @Override
      public void onDelete(T object) {
        enqueue.accept(object);
      }
    };
  }

  private void work() {
    queue.work(
        key -> {
          if (key.startsWith(JOB_KEY)) {
            syncJob(key.substring(JOB_KEY.length()).split("/", 2));
          } else {
            syncExecution(key.substring(EXECUTION_KEY.length()).split("/", 2));
          }
          return false;
        },
        (key, e) -> log.warn("cloud-run: {}: {}", key, e.getMessage()));
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private void syncJob(String[] key) {
    String ns = key[0];
    String name = key[1];
    Optional<RunJob> cached = jobInformer.get(ns, name);
    if (cached.isEmpty()) {
      for (RunExecution e :
          executions.list(ns, Selectors.labels(RunLabels.JOB + "=" + name)).items()) {
        deleteQuietly(executions, ns, e.name());
      }
      return;
    }
    runJobs.edit(
        ns,
        name,
        job -> {
          RunJobStatus status = job.getStatus() == null ? RunJobStatus.empty() : job.getStatus();
          RunJobStatus wanted = jobStatus(job, status);
          if (wanted.equals(status)) {
            return null;
          }
          job.setStatus(wanted);
          return job;
        },
        true);
  }

  private RunJobStatus jobStatus(RunJob job, RunJobStatus status) {
    Long generation = job.getMetadata().getGeneration();
    RunCondition ready = status.conditions() == null ? null : status.conditions().get(0);
    if (ready == null || !"True".equals(ready.status())) {
      ready = RunCondition.of("Ready", "True", null, null).at(now());
    }
    RunJobStatus wanted =
        status.withObserved(generation == null ? null : generation.intValue(), List.of(ready));
    ExecutionReference latest = status.latestCreatedExecution();
    if (latest == null || latest.name() == null) {
      return wanted;
    }
    Optional<RunExecution> execution = executionInformer.get(job.namespace(), latest.name());
    if (execution.isEmpty()) {
      return wanted;
    }
    ExecutionStatus es = execution.get().getStatus();
    RunCondition completed = es == null ? null : es.condition("Completed");
    String completion = ExecutionReference.PENDING;
    if (completed != null && "True".equals(completed.status())) {
      completion = ExecutionReference.SUCCEEDED;
    } else if (completed != null && "False".equals(completed.status())) {
      completion =
          "Cancelled".equals(completed.reason())
              ? ExecutionReference.CANCELLED
              : ExecutionReference.FAILED;
    } else if (es != null && es.startTime() != null) {
      completion = ExecutionReference.RUNNING;
    }
    return wanted.withLatest(
        wanted.executions(),
        new ExecutionReference(
            latest.name(),
            latest.creationTimestamp(),
            es == null ? null : es.completionTime(),
            null,
            completion));
  }

  private void syncExecution(String[] key) {
    String ns = key[0];
    String name = key[1];
    Optional<RunExecution> cached = executionInformer.get(ns, name);
    Optional<Job> batch = batchJobs.get(ns, name);
    if (cached.isEmpty()) {
      if (executions.get(ns, name).isEmpty()) {
        batch.ifPresent(b -> deleteQuietly(batchJobs, ns, name));
        for (Pod pod : pods.list(ns, Selectors.labels(RunLabels.EXECUTION + "=" + name)).items()) {
          deleteQuietly(pods, ns, pod.getMetadata().getName());
        }
      }
      return;
    }
    RunExecution execution = cached.get();
    Job job = batch.orElse(null);
    if (job != null && !ownedBy(job, execution)) {
      // A batch Job of the same name that this execution did not make: leave it alone.
      log.warn("cloud-run: batch job {}/{} is not owned by the execution", ns, name);
      return;
    }
    if (job == null && !finished(execution)) {
      job = batchJobs.create(BatchJobs.forExecution(execution));
    }
    if (job != null && ExecutionStatuses.cancelled(execution) && !suspended(job)) {
      job =
          batchJobs
              .edit(
                  ns,
                  name,
                  j -> {
                    j.getSpec().setSuspend(true);
                    return j;
                  },
                  false)
              .orElse(job);
    }
    ExecutionStatus wanted = ExecutionStatuses.from(execution, job, now());
    if (!Objects.equals(wanted, execution.getStatus())) {
      executions.edit(
          ns,
          name,
          e -> {
            e.setStatus(ExecutionStatuses.from(e, batchJobs.get(ns, name).orElse(null), now()));
            return e;
          },
          true);
    }
  }

  private static boolean finished(RunExecution execution) {
    ExecutionStatus s = execution.getStatus();
    RunCondition c = s == null ? null : s.condition("Completed");
    return c != null && !"Unknown".equals(c.status());
  }

  private static boolean suspended(Job job) {
    return Boolean.TRUE.equals(job.getSpec().getSuspend());
  }

  private static boolean ownedBy(Job job, RunExecution execution) {
    return job.getMetadata().getOwnerReferences() != null
        && job.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> execution.getMetadata().getUid().equals(r.getUid()));
  }

  private static void deleteQuietly(ResourceClient<?> client, String ns, String name) {
    try {
      client.delete(ns, name, null);
    } catch (StatusException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  @Override
  public void close() {
    queue.close();
    executionInformer.close();
    jobInformer.close();
  }
}
