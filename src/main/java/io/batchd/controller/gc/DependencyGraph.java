package io.batchd.controller.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The garbage collector's picture of who owns whom, by uid, kept from the informers' events as
 * upstream's graph builder keeps it. An owner named by a reference but not observed (yet) is a
 * virtual node, checked against the API by the collector. Each change says what the collector must
 * look at next.
 */
final class DependencyGraph {

  /** What a change asks the collector to look at. */
  record Work(Set<ObjectIdentity> attemptToDelete, Set<ObjectIdentity> attemptToOrphan) {
    static Work none() {
      return new Work(new LinkedHashSet<>(), new LinkedHashSet<>());
    }
  }

  private static final class Node {
    ObjectIdentity identity;
    List<OwnerReference> owners = List.of();
    final Set<Node> dependents = new HashSet<>();
    boolean observed;
    boolean beingDeleted;
    boolean deletingDependents;

    Node(ObjectIdentity identity) {
      this.identity = identity;
    }
  }

  private final Map<String, Node> nodes = new HashMap<>();

  /** An object was added or changed. */
  synchronized Work observe(MonitoredKind<?> kind, HasMetadata old, HasMetadata object) {
    Work work = Work.none();
    ObjectIdentity identity = ObjectIdentity.of(kind, object);
    List<OwnerReference> owners = ownersOf(object);
    boolean beingDeleted = object.getMetadata().getDeletionTimestamp() != null;
    Node node = nodes.get(identity.uid());
    if (node == null) {
      node = new Node(identity);
      node.observed = true;
      node.owners = owners;
      node.beingDeleted = beingDeleted;
      node.deletingDependents =
          beingDeleted && hasFinalizer(object, GcDecisions.FOREGROUND_FINALIZER);
      nodes.put(identity.uid(), node);
      addToOwners(node, owners, work);
    } else {
      node.observed = true;
      node.identity = identity;
      if (!node.owners.equals(owners)) {
        unblockedOwners(node.owners, owners, work);
        List<OwnerReference> previous = node.owners;
        node.owners = owners;
        removeFromOwners(node, previous, owners);
        addToOwners(node, owners, work);
      }
      if (beingDeleted) {
        node.beingDeleted = true;
      }
    }
    transitions(old, object, node, work);
    return work;
  }

  /** An object was deleted. */
  synchronized Work observeDelete(HasMetadata object) {
    Node node = nodes.get(object.getMetadata().getUid());
    return node == null ? Work.none() : remove(node);
  }

  /**
   * The collector found that a virtual node's object does not exist: the node goes and its
   * dependents are looked at. Observed nodes wait for their informer's delete event.
   */
  synchronized Work absent(ObjectIdentity identity) {
    Node node = nodes.get(identity.uid());
    return node == null || node.observed ? Work.none() : remove(node);
  }

  synchronized boolean contains(String uid) {
    return nodes.containsKey(uid);
  }

  synchronized boolean isObserved(String uid) {
    Node node = nodes.get(uid);
    return node != null && node.observed;
  }

  synchronized ObjectIdentity identity(String uid) {
    Node node = nodes.get(uid);
    return node == null ? null : node.identity;
  }

  /** Whether the collector should leave the object alone: its own deletion is under way. */
  synchronized boolean beingDeletedOnly(String uid) {
    Node node = nodes.get(uid);
    return node != null && node.beingDeleted && !node.deletingDependents;
  }

  synchronized boolean deletingDependents(String uid) {
    Node node = nodes.get(uid);
    return node != null && node.deletingDependents;
  }

  synchronized boolean hasDependents(String uid) {
    Node node = nodes.get(uid);
    return node != null && !node.dependents.isEmpty();
  }

  synchronized boolean aDependentDeletesItsDependents(String uid) {
    Node node = nodes.get(uid);
    return node != null && node.dependents.stream().anyMatch(d -> d.deletingDependents);
  }

  synchronized List<GcDecisions.Dependent> dependents(String uid) {
    Node node = nodes.get(uid);
    List<GcDecisions.Dependent> out = new ArrayList<>();
    if (node != null) {
      for (Node d : node.dependents) {
        out.add(new GcDecisions.Dependent(d.identity, d.owners, d.deletingDependents));
      }
    }
    return out;
  }

  synchronized int size() {
    return nodes.size();
  }

  private Work remove(Node node) {
    Work work = Work.none();
    nodes.remove(node.identity.uid());
    for (OwnerReference ref : node.owners) {
      Node owner = nodes.get(ref.getUid());
      if (owner != null) {
        owner.dependents.remove(node);
        if (owner.deletingDependents) {
          // It may have been the last dependent its owner waited for.
          work.attemptToDelete().add(owner.identity);
        }
      }
    }
    for (Node dependent : node.dependents) {
      work.attemptToDelete().add(dependent.identity);
    }
    return work;
  }

  private void addToOwners(Node node, List<OwnerReference> owners, Work work) {
    for (OwnerReference ref : owners) {
      Node owner = nodes.get(ref.getUid());
      if (owner == null) {
        MonitoredKind<?> kind = MonitoredKind.find(ref.getApiVersion(), ref.getKind()).orElse(null);
        owner = new Node(ObjectIdentity.ownerOf(node.identity, ref, kind));
        nodes.put(ref.getUid(), owner);
        // Not seen by any informer: the collector checks whether it exists at all.
        work.attemptToDelete().add(owner.identity);
      }
      owner.dependents.add(node);
    }
  }

  private void removeFromOwners(
      Node node, List<OwnerReference> previous, List<OwnerReference> current) {
    Set<String> kept = new HashSet<>();
    current.forEach(r -> kept.add(r.getUid()));
    for (OwnerReference ref : previous) {
      if (!kept.contains(ref.getUid())) {
        Node owner = nodes.get(ref.getUid());
        if (owner != null) {
          owner.dependents.remove(node);
          if (!owner.observed && owner.dependents.isEmpty()) {
            nodes.remove(ref.getUid());
          }
        }
      }
    }
  }

  /**
   * Owners deleting their dependents that a dependent stopped blocking (its reference with {@code
   * blockOwnerDeletion} removed or made non-blocking): they may be free to go.
   */
  private void unblockedOwners(
      List<OwnerReference> previous, List<OwnerReference> current, Work work) {
    for (OwnerReference ref : previous) {
      if (!Boolean.TRUE.equals(ref.getBlockOwnerDeletion())) {
        continue;
      }
      boolean stillBlocks =
          current.stream()
              .anyMatch(
                  r ->
                      Objects.equals(r.getUid(), ref.getUid())
                          && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
      Node owner = nodes.get(ref.getUid());
      if (!stillBlocks && owner != null && owner.deletingDependents) {
        work.attemptToDelete().add(owner.identity);
      }
    }
  }

  private static void transitions(HasMetadata old, HasMetadata object, Node node, Work work) {
    String oldDeletion = old == null ? null : old.getMetadata().getDeletionTimestamp();
    List<String> oldFinalizers = old == null ? null : old.getMetadata().getFinalizers();
    String deletion = object.getMetadata().getDeletionTimestamp();
    List<String> finalizers = object.getMetadata().getFinalizers();
    if (GcDecisions.startsWaiting(
        oldDeletion, oldFinalizers, deletion, finalizers, GcDecisions.ORPHAN_FINALIZER)) {
      work.attemptToOrphan().add(node.identity);
      return;
    }
    if (GcDecisions.startsWaiting(
        oldDeletion, oldFinalizers, deletion, finalizers, GcDecisions.FOREGROUND_FINALIZER)) {
      node.deletingDependents = true;
      for (Node dependent : node.dependents) {
        work.attemptToDelete().add(dependent.identity);
      }
      work.attemptToDelete().add(node.identity);
    }
  }

  private static List<OwnerReference> ownersOf(HasMetadata object) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    return refs == null ? List.of() : List.copyOf(refs);
  }

  private static boolean hasFinalizer(HasMetadata object, String finalizer) {
    List<String> finalizers = object.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(finalizer);
  }
}
