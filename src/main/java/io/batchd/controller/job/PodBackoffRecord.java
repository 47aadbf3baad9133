package io.batchd.controller.job;

import java.time.Instant;
import java.util.Optional;

/**
 * The pod re-creation backoff of one Job (upstream {@code backoffRecord}): pod failures since the
 * last success and when the last of them happened. Upstream keeps it only in the controller's
 * memory; so does batchd's reconciler, which hands the previous record to each sync and keeps the
 * one the sync returns. Losing it (a restart) only shortens the next delay.
 */
public record PodBackoffRecord(int failuresAfterLastSuccess, Optional<Instant> lastFailureTime) {
  public static final PodBackoffRecord NONE = new PodBackoffRecord(0, Optional.empty());

  public PodBackoffRecord {
    if (failuresAfterLastSuccess < 0) {
      throw new IllegalArgumentException("failure count must not be negative");
    }
  }
}
