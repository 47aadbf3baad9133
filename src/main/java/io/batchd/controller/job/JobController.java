package io.batchd.controller.job;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ApiClient;
import io.batchd.client.EventRecorder;
import io.batchd.client.Informer;
import io.batchd.client.InformerHandler;
import io.batchd.client.ResourceClient;
import io.batchd.client.SharedInformers;
import io.batchd.client.WorkQueue;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Job controller's reconciler: keeps informers of Jobs and pods, queues a Job whenever it or
 * one of its pods changes, and for each Job in turn runs the pure {@link JobSync} and applies what
 * it decided through the API — pod creations and deletions with expectations, so a stale cache
 * never makes it create or delete twice, then the status writes and tracking-finalizer removals in
 * upstream's order. Several workers run at once, never two on the same Job.
 */
public final class JobController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobController.class);
  static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

  private final ResourceClient<Job> jobs;
  private final ResourceClient<Pod> pods;
  private final SharedInformers informers;
  private final boolean ownInformers;
  private final Informer<Job> jobInformer;
  private final Informer<Pod> podInformer;
  private final JobSync sync;
  private final JobControllerOptions options;
  private final Clock clock;
  private final int workers;
  private final Duration podEventDelay;
  private final EventRecorder events;
  private final WorkQueue<String> queue;
  private final ControllerExpectations expectations = new ControllerExpectations();
  private final PodIndex index = new PodIndex();
  private final Map<String, PodBackoffRecord> backoff = new ConcurrentHashMap<>();

  /**
   * The Job as this controller last wrote it, by key, until the Job cache has caught up with it.
   * The Job cache may lag behind the pod cache: a sync could then see a pod's tracking finalizer
   * gone but not the status that counted it, and create a pod again for an index that has
   * succeeded. A sync uses whichever is newer.
   */
  private final Map<String, Job> written = new ConcurrentHashMap<>();

  /** The last Suspended or Resumed event recorded per Job, with the generation it was for. */
  private final Map<String, String> suspendEvents = new ConcurrentHashMap<>();

  private final PodActions actions;
  private volatile boolean running = true;

  /**
   * @param workers Jobs synced at once (upstream's default is 5)
   * @param podEventDelay how long a pod change waits before its Job is synced, so that changes of
   *     many pods coalesce into one sync (upstream waits 1 s)
   */
  public JobController(
      ApiClient client,
      JobControllerOptions options,
      Clock clock,
      int workers,
      Duration podEventDelay) {
    this(client, options, clock, workers, podEventDelay, null);
  }

  /** The same reading Jobs and pods from the process's shared informers (null: its own). */
  public JobController(
      ApiClient client,
      JobControllerOptions options,
      Clock clock,
      int workers,
      Duration podEventDelay,
      SharedInformers shared) {
    this.ownInformers = shared == null;
    this.informers = shared == null ? new SharedInformers(client) : shared;
    this.jobs = client.resources(Job.class);
    this.pods = client.resources(Pod.class);
    this.options = options;
    this.sync = new JobSync(options);
    this.clock = clock;
    this.workers = workers;
    this.podEventDelay = podEventDelay;
    this.events = new EventRecorder(client, JobEvent.COMPONENT, null, clock);
    this.queue = new WorkQueue<>("job-controller", Duration.ofMillis(5), Duration.ofMinutes(16));
    this.jobInformer = informers.of(Job.class);
    this.podInformer = informers.of(Pod.class);
    this.actions = new PodActions(pods, expectations, events, clock);
  }

  public JobController start() {
    jobInformer.addHandler(
        new InformerHandler<>() {
          @Override
          public void onAdd(Job job) {
            // A Job already finished has nothing to sync (upstream's sync returns at once): a
            // server restarted on 100,000 finished Jobs does not read each one back to see that.
            if (!JobConditionList.isFinished(job.getStatus())) {
              queue.add(Informer.key(job));
            }
          }

          @Override
          public void onUpdate(Job old, Job job) {
            String key = Informer.key(job);
            // Once the cache has caught up with the last write, that write is no longer needed.
            written.computeIfPresent(key, (k, last) -> newest(job, last) == last ? last : null);
            queue.add(key);
          }

          @Override
          public void onDelete(Job job) {
            String key = Informer.key(job);
            expectations.forget(key);
            backoff.remove(key);
            written.remove(key);
            suspendEvents.remove(key);
            // Its pods may still carry the tracking finalizer: release them.
            for (Pod pod : index.owned(job.getMetadata().getUid(), podInformer)) {
              releaseOrphanFinalizer(pod);
            }
          }
        });
    podInformer.addHandler(
        new InformerHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            index.add(pod);
            Optional<String> job = controllingJobKey(pod);
            if (job.isPresent()) {
              if (pod.getMetadata().getDeletionTimestamp() != null) {
                expectations.deletionObserved(job.get(), pod.getMetadata().getUid());
              } else {
                expectations.creationObserved(job.get());
              }
              enqueueForPod(job.get(), pod);
            } else {
              enqueueMatchingJobs(pod);
            }
            releaseOrphanFinalizer(pod);
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            index.update(old, pod);
            Optional<String> job = controllingJobKey(pod);
            Optional<String> oldJob = controllingJobKey(old);
            if (oldJob.isPresent() && !oldJob.equals(job)) {
              queue.add(oldJob.get());
            }
            if (job.isPresent()) {
              String uid = pod.getMetadata().getUid();
              if (old.getMetadata().getDeletionTimestamp() == null
                  && pod.getMetadata().getDeletionTimestamp() != null) {
                expectations.deletionObserved(job.get(), uid);
              }
              if (hasTrackingFinalizer(old) && !hasTrackingFinalizer(pod)) {
                expectations.finalizerRemovalObserved(job.get(), uid);
              }
              enqueueForPod(job.get(), pod);
            } else {
              enqueueMatchingJobs(pod);
            }
            releaseOrphanFinalizer(pod);
          }

          @Override
          public void onDelete(Pod pod) {
            index.remove(pod);
            Optional<String> job = controllingJobKey(pod);
            if (job.isPresent()) {
              expectations.deletionObserved(job.get(), pod.getMetadata().getUid());
              expectations.finalizerRemovalObserved(job.get(), pod.getMetadata().getUid());
              enqueueForPod(job.get(), pod);
            }
          }
        });
    if (ownInformers) {
      informers.start();
    }
    for (int i = 0; i < workers; i++) {
      // Platform threads: a sync of a Job of thousands of pods is CPU work that must not hold a
      // carrier thread of the virtual threads the API serves requests on.
      Thread.ofPlatform().daemon().name("job-controller-" + i).start(this::work);
    }
    return this;
  }

  /** Waits until both informers have listed, so syncs see every pod. */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return jobInformer.awaitSynced(timeout) && podInformer.awaitSynced(timeout);
  }

  private void enqueueForPod(String jobKey, Pod pod) {
    // The changes of many pods in a short while coalesce into one sync of their Job.
    queue.addAfter(jobKey, podEventDelay);
  }

  private void enqueueMatchingJobs(Pod orphan) {
    Map<String, String> labels = orphan.getMetadata().getLabels();
    if (labels == null || labels.isEmpty() || orphan.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String ns = orphan.getMetadata().getNamespace();
    // Finished Jobs (kept packed) never adopt a pod, so they are not even read back.
    for (Job job : jobInformer.listUnpacked(j -> ns.equals(j.getMetadata().getNamespace()))) {
      if (JobPodClaims.claim(job, List.of(orphan)).toAdopt().size() == 1) {
        queue.add(Informer.key(job));
      }
    }
  }

  /** The key of the Job named by the pod's controller reference, if it is a batch/v1 Job. */
  private static Optional<String> controllingJobKey(Pod pod) {
    OwnerReference ref = controllerRef(pod);
    if (ref == null || !"Job".equals(ref.getKind()) || !"batch/v1".equals(ref.getApiVersion())) {
      return Optional.empty();
    }
    return Optional.of(Informer.key(pod.getMetadata().getNamespace(), ref.getName()));
  }

  static OwnerReference controllerRef(Pod pod) {
    if (pod.getMetadata().getOwnerReferences() == null) {
      return null;
    }
    for (OwnerReference ref : pod.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(ref.getController())) {
        return ref;
      }
    }
    return null;
  }

  static boolean hasTrackingFinalizer(Pod pod) {
    return pod.getMetadata().getFinalizers() != null
        && pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
  }

  /** Upstream's orphan cleanup: a pod whose Job is gone or finished loses the finalizer. */
  private void releaseOrphanFinalizer(Pod pod) {
    if (!hasTrackingFinalizer(pod)) {
      return;
    }
    OwnerReference ref = controllerRef(pod);
    Optional<Job> job =
        ref == null
            ? Optional.empty()
            : jobInformer
                .get(pod.getMetadata().getNamespace(), ref.getName())
                .filter(j -> j.getMetadata().getUid().equals(ref.getUid()));
    if (job.isEmpty() && ref != null && jobInformer.hasSynced()) {
      // The cache may not know a Job created a moment ago: ask the server.
      job =
          jobs.get(pod.getMetadata().getNamespace(), ref.getName())
              .filter(j -> j.getMetadata().getUid().equals(ref.getUid()));
    }
    if (!jobInformer.hasSynced() || !JobPodClaims.trackingFinalizerRemovable(pod, job)) {
      return;
    }
    Thread.ofVirtual().start(() -> actions.removeTrackingFinalizer(pod));
  }

  private void work() {
    // A sync over a Job whose pods are not listed yet would create them all again: as upstream,
    // no Job is synced before both caches have their first list.
    try {
      while (running && !awaitSynced(Duration.ofSeconds(1))) {
        log.debug("job controller waiting for its caches");
      }
    } catch (InterruptedException e) {
      return;
    }
    queue.work(
        key -> {
          syncJob(key);
          return false;
        },
        (key, e) -> {
          if (!(e instanceof StatusException)) {
            log.error("syncing job {} failed", key, e);
          } else if (((StatusException) e).code() != 409) {
            log.warn("syncing job {} failed: {}", key, e.getMessage());
          }
        });
  }

  private void syncJob(String key) {
    String[] parts = key.split("/", 2);
    Optional<Job> cached = jobInformer.get(parts[0], parts[1]);
    if (cached.isEmpty()) {
      expectations.forget(key);
      backoff.remove(key);
      written.remove(key);
      return;
    }
    Job job = newest(cached.get(), written.get(key));
    if (JobSpecs.externalController(job).isEmpty()
        && JobConditionList.isFinished(job.getStatus())) {
      // As upstream: a finished Job is neither synced nor given pods to adopt.
      backoff.remove(key);
      return;
    }
    Instant now = clock.instant();
    // The expectations are read before the pods, as upstream does: a pod whose creation (or
    // finalizer removal) the informer shows in between then still counts as expected, where read
    // the other way round the sync would take its creation as seen and the pod as missing, and
    // create one pod too many (or count a finished pod twice).
    boolean satisfied = expectations.satisfied(key, now);
    Set<String> finalizerRemovalsInFlight = expectations.finalizerRemovalsInFlight(key);
    JobPodClaims.Claims claims = JobPodClaims.claim(job, index.candidates(job, podInformer));
    if (!claims.toAdopt().isEmpty() || !claims.toRelease().isEmpty()) {
      actions.adoptAndRelease(job, claims, jobs);
    }
    JobSyncInput input =
        new JobSyncInput(
            job,
            claims.podsForSync(job),
            now,
            backoff.getOrDefault(key, PodBackoffRecord.NONE),
            finalizerRemovalsInFlight,
            satisfied);
    JobSyncResult result = sync.sync(input);
    switch (result.decision()) {
      case MANAGED_BY_OTHER -> {
        return;
      }
      case ALREADY_FINISHED -> {
        backoff.remove(key);
        record(job, result.statusUpdate().events());
        return;
      }
      default -> {}
    }
    recordOncePerGeneration(key, job, result.statusUpdate().events());
    int failedCreations = actions.create(key, job, result.podsToCreate());
    Set<String> failedDeletions = actions.delete(key, job, result.podsToDelete());
    StatusUpdate update =
        result.statusUpdate(new PodActionOutcome(failedCreations, failedDeletions));
    Job current = job;
    if (update.beforeFinalizerRemoval().isPresent()) {
      current = writeStatus(current, update.beforeFinalizerRemoval().get());
    }
    backoff.put(key, update.backoff());
    boolean removed = actions.removeTrackingFinalizers(key, update.finalizersToRemove());
    if (!removed) {
      queue.addRateLimited(key);
      return;
    }
    if (update.afterFinalizerRemoval().isPresent()) {
      writeStatus(current, update.afterFinalizerRemoval().get());
    }
    record(job, update.finishEvents());
    result.requeueAfter().ifPresent(d -> queue.addAfter(key, d));
    if (failedCreations > 0 || !failedDeletions.isEmpty()) {
      queue.addRateLimited(key);
    }
  }

  /** Writes the status on the version the sync read; a conflict requeues the Job. */
  private Job writeStatus(Job job, JobStatus status) {
    Job changed = new JobBuilder(job).withStatus(status).build();
    Job stored = jobs.updateStatus(changed);
    String key = Informer.key(stored);
    written.put(key, stored);
    // The informer may have handed on this very version before it was put here.
    jobInformer
        .get(stored.getMetadata().getNamespace(), stored.getMetadata().getName())
        .filter(cached -> newest(cached, stored) != stored)
        .ifPresent(cached -> written.remove(key, stored));
    return stored;
  }

  /**
   * Records Suspended and Resumed once per generation of the Job (a spec change toggles them): a
   * sync that read a stale cached Job, whose status write then conflicts, must not record the same
   * change again.
   */
  private void recordOncePerGeneration(String key, Job job, List<JobEvent> list) {
    String generation = String.valueOf(job.getMetadata().getGeneration());
    for (JobEvent e : list) {
      if (e.reason().equals("Suspended") || e.reason().equals("Resumed")) {
        String mark = e.reason() + "@" + generation;
        if (mark.equals(suspendEvents.put(key, mark))) {
          continue;
        }
      }
      events.record(job, null, e.type(), e.reason(), e.message());
    }
  }

  /** The cached Job, or the one last written if the cache has not caught up with it yet. */
  static Job newest(Job cached, Job lastWritten) {
    if (lastWritten == null
        || !lastWritten.getMetadata().getUid().equals(cached.getMetadata().getUid())) {
      return cached;
    }
    long cachedVersion = Long.parseLong(cached.getMetadata().getResourceVersion());
    long writtenVersion = Long.parseLong(lastWritten.getMetadata().getResourceVersion());
    return writtenVersion > cachedVersion ? lastWritten : cached;
  }

  private void record(Job job, List<JobEvent> list) {
    for (JobEvent e : list) {
      events.record(job, null, e.type(), e.reason(), e.message());
    }
  }

  @Override
  public void close() {
    running = false;
    queue.close();
    if (ownInformers) {
      informers.close();
    }
    events.close();
  }

  /** Pods by the uid of the Job controlling them, and orphans by namespace, for quick claims. */
  static final class PodIndex {
    private final Map<String, Set<String>> byOwner = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> orphans = new ConcurrentHashMap<>();

    void add(Pod pod) {
      bucket(pod).add(Informer.key(pod));
    }

    void update(Pod old, Pod pod) {
      remove(old);
      add(pod);
    }

    void remove(Pod pod) {
      Set<String> set = bucketIfPresent(pod);
      if (set != null) {
        set.remove(Informer.key(pod));
      }
    }

    private Set<String> bucket(Pod pod) {
      OwnerReference ref = controllerRef(pod);
      return ref == null
          ? orphans.computeIfAbsent(
              pod.getMetadata().getNamespace(), k -> ConcurrentHashMap.newKeySet())
          : byOwner.computeIfAbsent(ref.getUid(), k -> ConcurrentHashMap.newKeySet());
    }

    private Set<String> bucketIfPresent(Pod pod) {
      OwnerReference ref = controllerRef(pod);
      return ref == null
          ? orphans.get(pod.getMetadata().getNamespace())
          : byOwner.get(ref.getUid());
    }

    List<Pod> owned(String jobUid, Informer<Pod> informer) {
      return resolve(byOwner.getOrDefault(jobUid, Set.of()), informer);
    }

    /** The Job's own pods and the orphans of its namespace it might adopt. */
    List<Pod> candidates(Job job, Informer<Pod> informer) {
      List<Pod> pods = new ArrayList<>(owned(job.getMetadata().getUid(), informer));
      pods.addAll(
          resolve(orphans.getOrDefault(job.getMetadata().getNamespace(), Set.of()), informer));
      return pods;
    }

    private static List<Pod> resolve(Set<String> keys, Informer<Pod> informer) {
      List<Pod> pods = new ArrayList<>(keys.size());
      for (String key : keys) {
        String[] parts = key.split("/", 2);
        informer.get(parts[0], parts[1]).ifPresent(pods::add);
      }
      return pods;
    }
  }
}
