package io.batchd.registry;

import io.batchd.api.errors.FieldError;
import io.batchd.api.errors.StatusException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a delete asks for its dependents: {@code propagationPolicy} or the deprecated {@code
 * orphanDependents} of {@code DeleteOptions}, and how they turn into the garbage collector's
 * finalizers on the deleted object, as upstream's generic store decides ({@code
 * shouldOrphanDependents}, {@code shouldDeleteDependents}).
 *
 * @param propagationPolicy {@code Orphan}, {@code Background}, {@code Foreground} or null
 * @param orphanDependents the deprecated boolean, or null
 */
public record DeletePropagation(String propagationPolicy, Boolean orphanDependents) {
  public static final String ORPHAN = "Orphan";
  public static final String BACKGROUND = "Background";
  public static final String FOREGROUND = "Foreground";

  /** The finalizer that makes the garbage collector orphan the dependents first. */
  public static final String ORPHAN_FINALIZER = "orphan";

  /** The finalizer that makes the garbage collector delete the blocking dependents first. */
  public static final String FOREGROUND_FINALIZER = "foregroundDeletion";

  /** Nothing asked: the resource's {@link GarbageCollectionPolicy} applies. */
  public static final DeletePropagation DEFAULT = new DeletePropagation(null, null);

  public static DeletePropagation policy(String propagationPolicy) {
    return new DeletePropagation(propagationPolicy, null);
  }

  /** Whether the client said anything about dependents. */
  public boolean explicit() {
    return propagationPolicy != null || orphanDependents != null;
  }

  /**
   * Upstream's {@code ValidateDeleteOptions}: 422 naming {@code DeleteOptions} when both fields are
   * set or the policy is unknown.
   */
  public DeletePropagation validate() {
    List<FieldError> errors = new ArrayList<>();
    if (propagationPolicy != null && orphanDependents != null) {
      errors.add(
          FieldError.invalid(
              "propagationPolicy",
              propagationPolicy,
              "orphanDependents and deletionPropagation cannot be both set"));
    }
    if (propagationPolicy != null
        && !List.of(FOREGROUND, BACKGROUND, ORPHAN).contains(propagationPolicy)) {
      errors.add(
          FieldError.notSupported(
              "propagationPolicy",
              propagationPolicy,
              List.of(FOREGROUND, BACKGROUND, ORPHAN, "nil")));
    }
    if (!errors.isEmpty()) {
      throw StatusException.invalid("meta.k8s.io", "DeleteOptions", "", errors);
    }
    return this;
  }

  /**
   * The finalizers the object should carry once this delete is applied: both GC finalizers are
   * taken off, and {@code orphan} or {@code foregroundDeletion} is put back as the options, else
   * the object's existing GC finalizer, else the resource's default say. The list is returned
   * unchanged (the same instance) when the set of finalizers stays the same.
   */
  public List<String> finalizersFor(List<String> existing, GarbageCollectionPolicy defaultPolicy) {
    List<String> current = existing == null ? List.of() : existing;
    if (defaultPolicy == GarbageCollectionPolicy.UNSUPPORTED) {
      return existing;
    }
    boolean orphan = shouldOrphan(current, defaultPolicy);
    boolean foreground = shouldDeleteInForeground(current);
    List<String> next = new ArrayList<>();
    for (String f : current) {
      if (!f.equals(ORPHAN_FINALIZER) && !f.equals(FOREGROUND_FINALIZER)) {
        next.add(f);
      }
    }
    if (orphan) {
      next.add(ORPHAN_FINALIZER);
    }
    if (foreground) {
      next.add(FOREGROUND_FINALIZER);
    }
    return Objects.equals(new HashSet<>(next), new HashSet<>(current)) ? existing : next;
  }

  private boolean shouldOrphan(List<String> finalizers, GarbageCollectionPolicy defaultPolicy) {
    if (orphanDependents != null) {
      return orphanDependents;
    }
    if (propagationPolicy != null) {
      return propagationPolicy.equals(ORPHAN);
    }
    for (String f : finalizers) {
      if (f.equals(ORPHAN_FINALIZER)) {
        return true;
      }
      if (f.equals(FOREGROUND_FINALIZER)) {
        return false;
      }
    }
    return defaultPolicy == GarbageCollectionPolicy.ORPHAN_DEPENDENTS;
  }

  private boolean shouldDeleteInForeground(List<String> finalizers) {
    if (orphanDependents != null) {
      return false;
    }
    if (propagationPolicy != null) {
      return propagationPolicy.equals(FOREGROUND);
    }
    for (String f : finalizers) {
      if (f.equals(FOREGROUND_FINALIZER)) {
        return true;
      }
      if (f.equals(ORPHAN_FINALIZER)) {
        return false;
      }
    }
    return false;
  }
}
