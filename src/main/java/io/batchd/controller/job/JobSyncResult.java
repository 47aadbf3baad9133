package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The actions one sync of a Job asks for. The reconciler applies them in this order: record {@link
 * StatusUpdate#events()}; create {@link #podsToCreate()} and delete {@link #podsToDelete()} (all
 * counted in its expectations first); then apply {@link #statusUpdate(PodActionOutcome)} for what
 * those pod actions achieved; requeue after {@link #requeueAfter()}.
 */
public final class JobSyncResult {

  /** Whether the Job was synced, and if not, why. */
  public enum Decision {
    SYNCED,
    /** {@code spec.managedBy} names another controller: nothing is done for the Job. */
    MANAGED_BY_OTHER,
    /** Complete or Failed already: nothing is done; the reconciler drops its backoff record. */
    ALREADY_FINISHED,
    /** An unknown {@code completionMode}: only the Warning event. */
    UNKNOWN_COMPLETION_MODE
  }

  private final Decision decision;
  private final List<Pod> podsToCreate;
  private final List<PodDeletion> podsToDelete;
  private final Optional<Duration> requeueAfter;
  private final Decided decided;
  private final StatusUpdate skippedUpdate;
  private final JobControllerOptions options;

  private JobSyncResult(
      Decision decision,
      List<Pod> podsToCreate,
      List<PodDeletion> podsToDelete,
      Optional<Duration> requeueAfter,
      Decided decided,
      StatusUpdate skippedUpdate,
      JobControllerOptions options) {
    this.decision = decision;
    this.podsToCreate = List.copyOf(podsToCreate);
    this.podsToDelete = List.copyOf(podsToDelete);
    this.requeueAfter = requeueAfter;
    this.decided = decided;
    this.skippedUpdate = skippedUpdate;
    this.options = options;
  }

  static JobSyncResult skipped(Decision decision, List<JobEvent> events) {
    return new JobSyncResult(
        decision,
        List.of(),
        List.of(),
        Optional.empty(),
        null,
        StatusUpdate.none(events, PodBackoffRecord.NONE),
        null);
  }

  static JobSyncResult synced(
      List<Pod> podsToCreate,
      List<PodDeletion> podsToDelete,
      Optional<Duration> requeueAfter,
      Decided decided,
      JobControllerOptions options) {
    return new JobSyncResult(
        Decision.SYNCED, podsToCreate, podsToDelete, requeueAfter, decided, null, options);
  }

  public Decision decision() {
    return decision;
  }

  /**
   * Fully built pods (generateName, labels, annotations, owner reference, tracking finalizer, index
   * fields) to create; the reconciler expects this many creations.
   */
  public List<Pod> podsToCreate() {
    return podsToCreate;
  }

  public List<PodDeletion> podsToDelete() {
    return podsToDelete;
  }

  /** When to sync the Job again at the latest: pod backoff expiry, the active deadline. */
  public Optional<Duration> requeueAfter() {
    return requeueAfter;
  }

  /** The status writes when every pod create and delete succeeded. */
  public StatusUpdate statusUpdate() {
    return statusUpdate(PodActionOutcome.ALL_SUCCEEDED);
  }

  /** The status writes for what the pod creates and deletes actually achieved. */
  public StatusUpdate statusUpdate(PodActionOutcome outcome) {
    if (decided == null) {
      return skippedUpdate;
    }
    return StatusTracking.track(decided, outcome, options);
  }

  // Shortcuts for the all-succeeded case.

  public Optional<JobStatus> statusBeforeFinalizerRemoval() {
    return statusUpdate().beforeFinalizerRemoval();
  }

  public List<Pod> finalizersToRemove() {
    return statusUpdate().finalizersToRemove();
  }

  public Optional<JobStatus> statusAfterFinalizerRemoval() {
    return statusUpdate().afterFinalizerRemoval();
  }

  /** Every event of the all-succeeded case, immediate ones first. */
  public List<JobEvent> events() {
    StatusUpdate update = statusUpdate();
    List<JobEvent> all = new ArrayList<>(update.events());
    all.addAll(update.finishEvents());
    return all;
  }
}
