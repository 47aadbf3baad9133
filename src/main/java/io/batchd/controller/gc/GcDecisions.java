package io.batchd.controller.gc;

import io.batchd.controller.gc.DependentAction.Delete;
import io.batchd.controller.gc.DependentAction.Keep;
import io.batchd.controller.gc.DependentAction.RemoveOwnerReferences;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The garbage collector's decisions, without I/O: what to do with an object given how each of its
 * owners stands ({@code attemptToDeleteItem} upstream), and what to do for an owner waiting for its
 * dependents ({@code processDeletingDependentsItem}).
 */
final class GcDecisions {
  static final String ORPHAN_FINALIZER = "orphan";
  static final String FOREGROUND_FINALIZER = "foregroundDeletion";

  private GcDecisions() {}

  /**
   * @param owners the object's current ownerReferences
   * @param states how each owner stands, by owner uid
   * @param hasDependents whether other objects name this one as owner
   * @param aDependentDeletesItsDependents whether one of those is itself being deleted in the
   *     foreground (a possible cycle)
   * @param finalizers the object's current finalizers
   */
  static DependentAction forDependent(
      List<OwnerReference> owners,
      Map<String, OwnerState> states,
      boolean hasDependents,
      boolean aDependentDeletesItsDependents,
      List<String> finalizers) {
    if (owners == null || owners.isEmpty()) {
      return new Keep();
    }
    int solid = 0;
    Set<String> dangling = new LinkedHashSet<>();
    Set<String> waiting = new LinkedHashSet<>();
    for (OwnerReference ref : owners) {
      OwnerState state = states.getOrDefault(ref.getUid(), OwnerState.UNRESOLVABLE);
      switch (state) {
        case SOLID, UNRESOLVABLE -> solid++;
        case DANGLING -> dangling.add(ref.getUid());
        case WAITING_FOR_DEPENDENTS -> waiting.add(ref.getUid());
      }
    }
    if (solid > 0) {
      if (dangling.isEmpty() && waiting.isEmpty()) {
        return new Keep();
      }
      // A reference to an owner waiting for its dependents must go, or that owner waits forever.
      Set<String> remove = new LinkedHashSet<>(dangling);
      remove.addAll(waiting);
      return new RemoveOwnerReferences(remove);
    }
    if (!waiting.isEmpty() && hasDependents) {
      // Deleted in the foreground in turn, so that its own dependents go before it.
      return new Delete(GcPolicies.FOREGROUND, aDependentDeletesItsDependents);
    }
    List<String> held = finalizers == null ? List.of() : finalizers;
    if (held.contains(ORPHAN_FINALIZER)) {
      return new Delete(GcPolicies.ORPHAN, false);
    }
    if (held.contains(FOREGROUND_FINALIZER)) {
      return new Delete(GcPolicies.FOREGROUND, false);
    }
    return new Delete(GcPolicies.BACKGROUND, false);
  }

  /** A dependent of an owner, as the graph knows it. */
  record Dependent(
      ObjectIdentity identity, List<OwnerReference> owners, boolean deletingDependents) {}

  /**
   * For an owner being deleted in the foreground: its blocking dependents are those whose reference
   * to it has {@code blockOwnerDeletion: true}.
   */
  static ForegroundAction forForegroundOwner(String ownerUid, List<Dependent> dependents) {
    List<ObjectIdentity> toDelete = new ArrayList<>();
    boolean blocked = false;
    for (Dependent d : dependents) {
      if (!blocks(d.owners(), ownerUid)) {
        continue;
      }
      blocked = true;
      if (!d.deletingDependents()) {
        toDelete.add(d.identity());
      }
    }
    return blocked
        ? new ForegroundAction.DeleteBlocking(toDelete)
        : new ForegroundAction.RemoveFinalizer();
  }

  static boolean blocks(List<OwnerReference> owners, String ownerUid) {
    if (owners == null) {
      return false;
    }
    for (OwnerReference ref : owners) {
      if (ownerUid.equals(ref.getUid()) && Boolean.TRUE.equals(ref.getBlockOwnerDeletion())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a change of an object's finalizers starts a deletion that waits on {@code finalizer}.
   */
  static boolean startsWaiting(
      String oldDeletionTimestamp,
      List<String> oldFinalizers,
      String deletionTimestamp,
      List<String> finalizers,
      String finalizer) {
    if (deletionTimestamp == null || finalizers == null || !finalizers.contains(finalizer)) {
      return false;
    }
    return oldDeletionTimestamp == null
        || oldFinalizers == null
        || !oldFinalizers.contains(finalizer);
  }
}
