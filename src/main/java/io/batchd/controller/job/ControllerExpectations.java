package io.batchd.controller.job;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the reconciler has asked of the API for each Job and not yet seen in its informer: pod
 * creations (a count, since the names are generated), pod deletions and tracking-finalizer removals
 * (by pod uid). While creations or deletions are outstanding the Job's pod list may be stale, so
 * the decision function must not create or delete more; as upstream, expectations older than five
 * minutes are considered satisfied, in case a watch event was lost.
 */
final class ControllerExpectations {
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private static final class Pending {
    int creations;
    final Set<String> deletions = new HashSet<>();
    final Set<String> finalizerRemovals = new HashSet<>();
    Instant since;
  }

  private final Map<String, Pending> byJob = new ConcurrentHashMap<>();

  private Pending pending(String job) {
    return byJob.computeIfAbsent(job, k -> new Pending());
  }

  synchronized void expectCreations(String job, int count, Instant now) {
    Pending p = pending(job);
    p.creations += count;
    p.since = now;
  }

  synchronized void creationObserved(String job) {
    Pending p = byJob.get(job);
    if (p != null && p.creations > 0) {
      p.creations--;
    }
  }

  synchronized void expectDeletion(String job, String podUid, Instant now) {
    Pending p = pending(job);
    p.deletions.add(podUid);
    p.since = now;
  }

  synchronized void deletionObserved(String job, String podUid) {
    Pending p = byJob.get(job);
    if (p != null) {
      p.deletions.remove(podUid);
    }
  }

  synchronized boolean satisfied(String job, Instant now) {
    Pending p = byJob.get(job);
    if (p == null || (p.creations <= 0 && p.deletions.isEmpty())) {
      return true;
    }
    return p.since != null && now.isAfter(p.since.plus(TIMEOUT));
  }

  synchronized void expectFinalizerRemoval(String job, String podUid) {
    pending(job).finalizerRemovals.add(podUid);
  }

  synchronized void finalizerRemovalObserved(String job, String podUid) {
    Pending p = byJob.get(job);
    if (p != null) {
      p.finalizerRemovals.remove(podUid);
    }
  }

  synchronized Set<String> finalizerRemovalsInFlight(String job) {
    Pending p = byJob.get(job);
    return p == null ? Set.of() : Set.copyOf(p.finalizerRemovals);
  }

  synchronized void forget(String job) {
    byJob.remove(job);
  }
}
