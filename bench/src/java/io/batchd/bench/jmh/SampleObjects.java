package io.batchd.bench.jmh;

import io.batchd.api.codec.Codecs;
import io.batchd.apiserver.ManagedFieldsForBench;
import io.batchd.controller.job.JobControllerOptions;
import io.batchd.controller.job.JobSync;
import io.batchd.controller.job.JobSyncInputsForBench;
import io.batchd.registry.Registry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The objects the benchmarks work on, made by the server's own code so that they have the shape the
 * server really stores and sends: DESIGN.md's P1 Job (Indexed, 10,000 completions, parallelism 64,
 * container {@code /bin/true}) created through the registry with its managed fields, then given the
 * status it has half-way through its run; and the first pod the Job controller makes for it.
 */
final class SampleObjects {
  static final String NAMESPACE = "default";

  /** The Job as {@code kubectl create -f} sends it for P1, before the server's defaults. */
  private static final String JOB_REQUEST =
      """
      {"apiVersion": "batch/v1", "kind": "Job",
       "metadata": {"name": "p1", "namespace": "default", "labels": {"app": "p1"}},
       "spec": {"completions": 10000, "parallelism": 64, "completionMode": "Indexed",
         "backoffLimit": 10000,
         "template": {"metadata": {"labels": {"app": "p1"}},
           "spec": {"restartPolicy": "Never",
             "containers": [{"name": "c", "image": "busybox", "command": ["/bin/true"]}]}}}}
      """;

  /**
   * What the samples are.
   *
   * @param job the P1 Job half-way, as a client reads it (with its resourceVersion)
   * @param storedJob the same Job's bytes in the store, as the registry decodes them on every read
   *     and watch event
   * @param podRequest the first pod the Job controller creates for the Job, as JSON: what a create
   *     of a pod decodes
   */
  record Samples(Job job, byte[] storedJob, byte[] podRequest) {}

  private SampleObjects() {}

  /** Makes the samples in a store of their own, closed before it returns. */
  static Samples make() {
    try (BenchApi api = BenchApi.open()) {
      Registry<Job> jobs = api.jobs();
      Job created = createJob(jobs, "p1");
      Pod pod =
          new JobSync(JobControllerOptions.defaults())
              .sync(created, List.of(), Instant.now())
              .podsToCreate()
              .getFirst();
      Job halfWay = halfWay(jobs, created);
      byte[] stored = api.store().get(jobs.type().key(NAMESPACE, "p1")).orElseThrow().value();
      return new Samples(halfWay, stored, Codecs.JSON.writeValueAsBytes(pod));
    }
  }

  /** Creates the P1 Job named {@code name} as the API server does for a POST of it. */
  static Job createJob(Registry<Job> jobs, String name) {
    Job job = Codecs.JSON.readValue(JOB_REQUEST.getBytes(StandardCharsets.UTF_8), Job.class);
    job.getMetadata().setName(name);
    new ManagedFieldsForBench<>(jobs, BenchApi.clock()).recordCreate(job, "kubectl-create");
    return jobs.create(NAMESPACE, job, false).object();
  }

  /**
   * Writes the status the Job has half-way through P1 (5,064 indexes done, some out of order; 64
   * pods running) through the status subresource, as the Job controller would.
   */
  static Job halfWay(Registry<Job> jobs, Job created) {
    Job job = Codecs.JSON.convertValue(created, Job.class);
    job.setStatus(
        JobSyncInputsForBench.indexedMidRun(10_000, 64, 5_000, 0, false).job().getStatus());
    job.getStatus().setStartTime(created.getMetadata().getCreationTimestamp());
    return jobs.update(
            NAMESPACE, job.getMetadata().getName(), job, Registry.Subresource.STATUS, false)
        .object();
  }
}
