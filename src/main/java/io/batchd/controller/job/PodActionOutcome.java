package io.batchd.controller.job;

import java.util.Set;

/**
 * What became of a sync's pod creations and deletions when the reconciler applied them, so the
 * status written afterwards counts only what happened (upstream lowers {@code active} for each
 * failed create and delete). A DELETE answered 404 counts as done.
 *
 * @param failedCreations how many creations failed or were skipped after a failure
 * @param failedDeletions UIDs of the pods whose finalizer patch or DELETE failed
 */
public record PodActionOutcome(int failedCreations, Set<String> failedDeletions) {
  public static final PodActionOutcome ALL_SUCCEEDED = new PodActionOutcome(0, Set.of());

  public PodActionOutcome {
    if (failedCreations < 0) {
      throw new IllegalArgumentException("failedCreations must not be negative");
    }
    failedDeletions = Set.copyOf(failedDeletions);
  }
}
