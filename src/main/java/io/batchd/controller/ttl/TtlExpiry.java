package io.batchd.controller.ttl;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a finished Job's {@code ttlSecondsAfterFinished} runs out, as upstream's TTL-after-finished
 * controller reckons it: from the time of its Complete or Failed condition.
 */
final class TtlExpiry {
  private TtlExpiry() {}

  /** Empty if the Job has no TTL or has not finished; otherwise how long until it expires. */
  static Optional<Duration> remaining(Job job, Instant now) {
    if (job.getMetadata().getDeletionTimestamp() != null
        || job.getSpec() == null
        || job.getSpec().getTtlSecondsAfterFinished() == null) {
      return Optional.empty();
    }
    Optional<Instant> finished = finishTime(job);
    if (finished.isEmpty()) {
      return Optional.empty();
    }
    Instant expiry = finished.get().plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
    Duration left = Duration.between(now, expiry);
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  static Optional<Instant> finishTime(Job job) {
    if (job.getStatus() == null) {
      return Optional.empty();
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
          && "True".equals(c.getStatus())
          && c.getLastTransitionTime() != null) {
        return Optional.of(Instant.parse(c.getLastTransitionTime()));
      }
    }
    return Optional.empty();
  }
}
