package io.batchd.controller.job;

import io.batchd.api.errors.StatusException;
import io.batchd.client.EventRecorder;
import io.batchd.client.ResourceClient;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the reconciler carries out pod work through the API: creations in upstream's slow-start
 * batches (1, 2, 4, ... at once, stopping at the first failure so a broken template does not flood
 * the server), deletions, tracking-finalizer removals, adoptions and releases — each one registered
 * in the expectations first and recorded as upstream's events.
 */
final class PodActions {
  private static final Logger log = LoggerFactory.getLogger(PodActions.class);

  private final ResourceClient<Pod> pods;
  private final ControllerExpectations expectations;
  private final EventRecorder events;
  private final Clock clock;

  PodActions(
      ResourceClient<Pod> pods,
      ControllerExpectations expectations,
      EventRecorder events,
      Clock clock) {
    this.pods = pods;
    this.expectations = expectations;
    this.events = events;
    this.clock = clock;
  }

  /** Creates the pods; returns how many were not created. */
  int create(String jobKey, Job job, List<Pod> toCreate) {
    if (toCreate.isEmpty()) {
      return 0;
    }
    expectations.expectCreations(jobKey, toCreate.size(), clock.instant());
    int next = 0;
    int batch = 1;
    while (next < toCreate.size()) {
      List<Pod> wave = toCreate.subList(next, Math.min(toCreate.size(), next + batch));
      AtomicInteger failed = new AtomicInteger();
      runAll(
          wave,
          pod -> {
            try {
              Pod created = pods.create(pod);
              event(job, JobEvent.podCreated(created.getMetadata().getName()));
            } catch (StatusException e) {
              failed.incrementAndGet();
              expectations.creationObserved(jobKey);
              if (e.code() != 409 || !"AlreadyExists".equals(e.reason())) {
                event(job, JobEvent.podCreateFailed(e.getMessage()));
              }
              log.debug("creating a pod of job {} failed: {}", jobKey, e.getMessage());
            }
          });
      next += wave.size();
      if (failed.get() > 0) {
        int skipped = toCreate.size() - next;
        for (int i = 0; i < skipped; i++) {
          expectations.creationObserved(jobKey);
        }
        return failed.get() + skipped;
      }
      batch *= 2;
    }
    return 0;
  }

  /** Deletes the pods; returns the uids of those whose deletion failed. */
  Set<String> delete(String jobKey, Job job, List<PodDeletion> deletions) {
    Set<String> failed = ConcurrentHashMap.newKeySet();
    runAll(
        deletions,
        deletion -> {
          Pod pod = deletion.pod();
          String uid = pod.getMetadata().getUid();
          expectations.expectDeletion(jobKey, uid, clock.instant());
          try {
            if (deletion.removeFinalizerFirst()) {
              removeTrackingFinalizer(pod);
            }
            if (pod.getMetadata().getDeletionTimestamp() == null) {
              pods.delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), null);
              event(job, JobEvent.podDeleted(pod.getMetadata().getName()));
            }
          } catch (StatusException e) {
            failed.add(uid);
            expectations.deletionObserved(jobKey, uid);
            event(job, JobEvent.podDeleteFailed(e.getMessage()));
          }
        });
    return failed;
  }

  /** Removes the tracking finalizer from each pod; false if any removal failed. */
  boolean removeTrackingFinalizers(String jobKey, List<Pod> toRelease) {
    Set<String> failed = ConcurrentHashMap.newKeySet();
    for (Pod pod : toRelease) {
      expectations.expectFinalizerRemoval(jobKey, pod.getMetadata().getUid());
    }
    runAll(
        toRelease,
        pod -> {
          try {
            removeTrackingFinalizer(pod);
          } catch (StatusException e) {
            failed.add(pod.getMetadata().getUid());
            expectations.finalizerRemovalObserved(jobKey, pod.getMetadata().getUid());
          }
        });
    return failed.isEmpty();
  }

  /**
   * Removes the finalizer from this very pod (same uid); a pod already gone needs nothing. The
   * first try changes a copy of the cached pod instead of reading it: the pod is finished, so
   * nothing else usually writes it, and a conflict falls back to reading.
   */
  void removeTrackingFinalizer(Pod pod) {
    String uid = pod.getMetadata().getUid();
    UnaryOperator<Pod> withoutFinalizer =
        current -> {
          if (!uid.equals(current.getMetadata().getUid())
              || current.getMetadata().getFinalizers() == null
              || !current
                  .getMetadata()
                  .getFinalizers()
                  .contains(JobController.TRACKING_FINALIZER)) {
            return null;
          }
          List<String> finalizers = new ArrayList<>(current.getMetadata().getFinalizers());
          finalizers.remove(JobController.TRACKING_FINALIZER);
          current.getMetadata().setFinalizers(finalizers);
          return current;
        };
    Pod changed = withoutFinalizer.apply(new PodBuilder(pod).build());
    if (changed != null) {
      try {
        pods.update(changed);
        return;
      } catch (StatusException e) {
        if (e.code() == 404) {
          return;
        }
        if (e.code() != 409) {
          throw e;
        }
      }
    }
    pods.edit(
        pod.getMetadata().getNamespace(), pod.getMetadata().getName(), withoutFinalizer, false);
  }

  /**
   * Adopts orphans and releases pods the selector no longer matches, after checking on the server
   * that the Job still exists and is not being deleted, as upstream does before adopting.
   */
  void adoptAndRelease(Job job, JobPodClaims.Claims claims, ResourceClient<Job> jobs) {
    Job fresh =
        jobs.get(job.getMetadata().getNamespace(), job.getMetadata().getName()).orElse(null);
    if (fresh == null
        || !fresh.getMetadata().getUid().equals(job.getMetadata().getUid())
        || fresh.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    for (Pod orphan : claims.toAdopt()) {
      pods.edit(
          orphan.getMetadata().getNamespace(),
          orphan.getMetadata().getName(),
          current -> {
            if (!current.getMetadata().getUid().equals(orphan.getMetadata().getUid())
                || JobController.controllerRef(current) != null) {
              return null;
            }
            return JobPodClaims.adopted(current, job);
          },
          false);
    }
    for (Pod pod : claims.toRelease()) {
      pods.edit(
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          current -> {
            if (!current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
              return null;
            }
            List<OwnerReference> refs = new ArrayList<>(current.getMetadata().getOwnerReferences());
            if (!refs.removeIf(r -> job.getMetadata().getUid().equals(r.getUid()))) {
              return null;
            }
            current.getMetadata().setOwnerReferences(refs);
            return current;
          },
          false);
    }
  }

  private void event(Job job, JobEvent e) {
    events.record(job, null, e.type(), e.reason(), e.message());
  }

  /** Runs the action for every item at once on virtual threads and waits for all of them. */
  private static <T> void runAll(List<T> items, java.util.function.Consumer<T> action) {
    if (items.size() == 1) {
      action.accept(items.get(0));
      return;
    }
    List<Thread> threads = new ArrayList<>();
    for (T item : items) {
      threads.add(Thread.ofVirtual().start(() -> action.accept(item)));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
