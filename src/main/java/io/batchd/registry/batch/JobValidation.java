package io.batchd.registry.batch;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.ObjectMetaValidation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validation of batch/v1 Jobs as kube-apiserver's Job strategy does it, with upstream's field paths
 * and messages. Pure: no I/O, and the Job passed in is not modified.
 *
 * <p>Each method expects a Job that has been through {@link JobDefaults#apply} (and, on create,
 * {@link JobSelectors#generate}), since upstream validates defaulted objects: for example, an unset
 * {@code restartPolicy} becomes {@code Always} and is then rejected for a Job.
 *
 * <p>Errors come in upstream's order. Like upstream, {@link #validateUpdate} runs the spec rules
 * twice (once for the object, once inside the update rules), so a spec error appears twice; the
 * {@code Status} message should list each distinct message once (upstream's {@code ToAggregate}),
 * while {@code details.causes} keeps them all.
 */
public final class JobValidation {
  private static final FieldPath METADATA = FieldPath.of("metadata");
  private static final FieldPath SPEC = FieldPath.of("spec");
  private static final int COMPLETIONS_WARNING_THRESHOLD = 100_000;
  private static final int PARALLELISM_WARNING_THRESHOLD = 10_000;

  private JobValidation() {}

  /** Errors in a Job about to be created; empty when it may be stored. */
  public static List<FieldError> validateCreate(Job job) {
    return validateJob(job, JobValidationOptions.forCreate());
  }

  /**
   * Errors in a spec or metadata update of {@code oldJob} to {@code newJob}: the create rules (with
   * what the stored Job allows, such as a template still open to scheduling changes), the metadata
   * update rules, and the Job's immutability rules ({@link JobSpecUpdateValidation}). The registry
   * is expected to have copied the stored status into {@code newJob}, as upstream's strategy does.
   */
  public static List<FieldError> validateUpdate(Job newJob, Job oldJob) {
    JobValidationOptions opts = JobValidationOptions.forUpdate(oldJob);
    List<FieldError> errs = new ArrayList<>(validateJob(newJob, opts));
    errs.addAll(
        ObjectMetaValidation.validateUpdate(newJob.getMetadata(), oldJob.getMetadata(), METADATA));
    errs.addAll(JobSpecValidation.validate(spec(newJob), SPEC, opts));
    errs.addAll(JobSpecUpdateValidation.validate(spec(newJob), spec(oldJob), SPEC, opts));
    return errs;
  }

  /**
   * Errors in a {@code /status} write: the metadata update rules and the status rules ({@link
   * JobStatusValidation}). The registry is expected to have copied the stored spec into {@code
   * newJob} first, as upstream's status strategy does.
   */
  public static List<FieldError> validateStatusUpdate(Job newJob, Job oldJob) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateUpdate(
                newJob.getMetadata(), oldJob.getMetadata(), METADATA));
    Job n = withSpec(newJob);
    Job o = withSpec(oldJob);
    errs.addAll(JobStatusValidation.validateUpdate(n, o, JobStatusValidationOptions.of(n, o)));
    return errs;
  }

  /**
   * Warnings for a create (upstream's {@code WarningsOnCreate}), each a complete message for a
   * {@code Warning} header: a name that is not a DNS label, and an Indexed Job too large for its
   * failed indexes to be tracked.
   */
  public static List<String> warnings(Job job) {
    List<String> warnings = new ArrayList<>();
    String name = meta(job).getName() == null ? "" : meta(job).getName();
    List<String> msgs = DnsNames.isDns1123Label(name);
    if (!msgs.isEmpty()) {
      warnings.add(
          "metadata.name: this is used in Pod names and hostnames, which can result in surprising"
              + " behavior; a DNS label is recommended: ["
              + String.join(" ", msgs)
              + "]");
    }
    warnings.addAll(specWarnings(spec(job)));
    return warnings;
  }

  /**
   * Warnings for an update (upstream's {@code WarningsOnUpdate}): the spec warnings, only when the
   * spec changed (the registry has bumped {@code metadata.generation}).
   */
  public static List<String> warningsOnUpdate(Job newJob, Job oldJob) {
    if (Objects.equals(meta(newJob).getGeneration(), meta(oldJob).getGeneration())) {
      return List.of();
    }
    return specWarnings(spec(newJob));
  }

  private static List<String> specWarnings(JobSpec spec) {
    if (!"Indexed".equals(spec.getCompletionMode())) {
      return List.of();
    }
    int completions = spec.getCompletions() == null ? 0 : spec.getCompletions();
    int parallelism = spec.getParallelism() == null ? 0 : spec.getParallelism();
    if (completions > COMPLETIONS_WARNING_THRESHOLD
        && parallelism > PARALLELISM_WARNING_THRESHOLD) {
      return List.of(
          "spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism"
              + " higher than 10^4, Kubernetes might not be able to track completedIndexes when a"
              + " big number of indexes fail");
    }
    return List.of();
  }

  private static List<FieldError> validateJob(Job job, JobValidationOptions opts) {
    // Jobs are named like ReplicationControllers: DNS subdomains.
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateCreate(
                meta(job), true, DnsNames::nameIsDnsSubdomain, METADATA));
    errs.addAll(GeneratedSelectorValidation.validate(withSpec(job), opts.requirePrefixedLabels()));
    JobSpec spec = spec(job);
    errs.addAll(JobSpecValidation.validate(spec, SPEC, opts));
    // Indexed pods are named and hostnamed <job>-<index>; the largest index must still make a
    // DNS label, or the Job would fail later when creating that pod.
    if ("Indexed".equals(spec.getCompletionMode())
        && spec.getCompletions() != null
        && spec.getCompletions() > 0) {
      String name = meta(job).getName() == null ? "" : meta(job).getName();
      String hostname = name + "-" + (spec.getCompletions() - 1);
      if (!DnsNames.isDns1123Label(hostname).isEmpty()) {
        errs.add(
            FieldError.invalid(
                "metadata.name",
                name,
                "will not able to create pod with invalid DNS label: " + hostname));
      }
    }
    return errs;
  }

  // A shallow stand-in with metadata and spec present, so that the rules need no null checks.
  private static Job withSpec(Job job) {
    if (job.getSpec() != null && job.getMetadata() != null) {
      return job;
    }
    Job copy = new Job();
    copy.setMetadata(meta(job));
    copy.setSpec(spec(job));
    copy.setStatus(job.getStatus());
    return copy;
  }

  private static ObjectMeta meta(Job job) {
    return job.getMetadata() == null ? new ObjectMeta() : job.getMetadata();
  }

  private static JobSpec spec(Job job) {
    return job.getSpec() == null ? new JobSpec() : job.getSpec();
  }
}
