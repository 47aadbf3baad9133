package io.batchd.controller.gc;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ApiClient;
import io.batchd.client.Informer;
import io.batchd.client.InformerHandler;
import io.batchd.client.SharedInformers;
import io.batchd.client.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's garbage collector: informers of every {@link MonitoredKind} feed a {@link
 * DependencyGraph}; objects whose owners are all gone are deleted (in the background, or as their
 * own GC finalizer says), references to gone owners are removed while another owner remains, an
 * owner deleted with {@code orphan} has its references removed from every dependent before the
 * finalizer goes, and an owner deleted with {@code foregroundDeletion} has its dependents deleted
 * and keeps the finalizer until no dependent with {@code blockOwnerDeletion} is left.
 */
public final class GarbageCollector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

  /** How long to wait for the informers' first lists before the workers start anyway. */
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

  private final DependencyGraph graph = new DependencyGraph();
  private final OwnerLookup lookup;
  private final GcWrites writes;
  private final SharedInformers shared;
  private final boolean ownInformers;
  private final List<Informer<? extends HasMetadata>> informers = new ArrayList<>();
  private final WorkQueue<ObjectIdentity> attemptToDelete =
      new WorkQueue<>("gc-delete", Duration.ofMillis(5), Duration.ofSeconds(60));
  private final WorkQueue<ObjectIdentity> attemptToOrphan =
      new WorkQueue<>("gc-orphan", Duration.ofMillis(5), Duration.ofSeconds(60));
  private final int workers;

  /**
   * @param workers objects looked at in parallel (upstream's default is 20)
   */
  public GarbageCollector(ApiClient client, int workers) {
    this(client, workers, null);
  }

  /** The same reading what it monitors from the process's shared informers (null: its own). */
  public GarbageCollector(ApiClient client, int workers, SharedInformers shared) {
    this.ownInformers = shared == null;
    this.shared = shared == null ? new SharedInformers(client) : shared;
    this.lookup = new OwnerLookup(client);
    this.writes = new GcWrites(client);
    this.workers = workers;
    for (MonitoredKind<?> kind : MonitoredKind.ALL) {
      informers.add(informer(client, kind));
    }
  }

  private <T extends HasMetadata> Informer<T> informer(ApiClient client, MonitoredKind<T> kind) {
    Informer<T> informer = shared.of(kind.type());
    informer.addHandler(
        new InformerHandler<>() {
          @Override
          public void onAdd(T object) {
            enqueue(graph.observe(kind, null, object));
          }

          @Override
          public void onUpdate(T old, T object) {
            enqueue(graph.observe(kind, old, object));
          }

          @Override
          public void onDelete(T last) {
            enqueue(graph.observeDelete(last));
          }
        });
    return informer;
  }

  public GarbageCollector start() {
    if (ownInformers) {
      shared.start();
    }
    Thread.ofVirtual()
        .name("gc-start")
        .start(
            () -> {
              try {
                for (Informer<?> informer : informers) {
                  informer.awaitSynced(SYNC_TIMEOUT);
                }
              } catch (InterruptedException e) {
                return;
              }
              for (int i = 0; i < workers; i++) {
                Thread.ofPlatform()
                    .daemon()
                    .name("gc-delete-" + i)
                    .start(() -> work(attemptToDelete, true));
              }
              Thread.ofPlatform()
                  .daemon()
                  .name("gc-orphan")
                  .start(() -> work(attemptToOrphan, false));
            });
    return this;
  }

  /** Whether every informer has listed. */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    for (Informer<?> informer : informers) {
      if (!informer.awaitSynced(timeout)) {
        return false;
      }
    }
    return true;
  }

  private void enqueue(DependencyGraph.Work work) {
    work.attemptToDelete().forEach(attemptToDelete::add);
    work.attemptToOrphan().forEach(attemptToOrphan::add);
  }

  private void work(WorkQueue<ObjectIdentity> queue, boolean deleting) {
    queue.work(
        item -> deleting ? attemptToDelete(item) : attemptToOrphan(item),
        (item, e) -> {
          if (e instanceof StatusException) {
            log.debug("garbage collector: {}: {}; trying again", item, e.getMessage());
          } else {
            log.warn("garbage collector: {} failed; trying again", item, e);
          }
        });
  }

  /**
   * Upstream's {@code attemptToDeleteItem}. Returns true to look at the item again later (a virtual
   * node whose object exists but was not observed yet).
   */
  private boolean attemptToDelete(ObjectIdentity item) {
    if (!graph.contains(item.uid()) || graph.beingDeletedOnly(item.uid())) {
      // Gone from the graph, or its own deletion is under way: its dependents come up when it goes.
      return false;
    }
    ObjectIdentity identity = Optional.ofNullable(graph.identity(item.uid())).orElse(item);
    if (!lookup.serves(identity)) {
      // An owner of a kind batchd does not serve can never be checked; its dependents stay.
      log.debug("garbage collector: {} is of a kind batchd does not serve", identity);
      return false;
    }
    Optional<? extends HasMetadata> latest = lookup.get(identity);
    if (latest.isEmpty() || !latest.get().getMetadata().getUid().equals(identity.uid())) {
      enqueue(graph.absent(identity));
      return false;
    }
    if (graph.deletingDependents(identity.uid())) {
      return foreground(identity);
    }
    List<OwnerReference> owners = latest.get().getMetadata().getOwnerReferences();
    if (owners == null || owners.isEmpty()) {
      return !graph.isObserved(identity.uid());
    }
    Map<String, OwnerState> states = new HashMap<>();
    for (OwnerReference ref : owners) {
      states.put(ref.getUid(), lookup.stateOf(identity, ref));
    }
    DependentAction action =
        GcDecisions.forDependent(
            owners,
            states,
            graph.hasDependents(identity.uid()),
            graph.aDependentDeletesItsDependents(identity.uid()),
            latest.get().getMetadata().getFinalizers());
    switch (action) {
      case DependentAction.Keep keep -> {}
      case DependentAction.RemoveOwnerReferences remove -> {
        log.info("garbage collector: removing owner references {} from {}", remove, identity);
        writes.removeOwnerReferences(identity, remove.ownerUids());
      }
      case DependentAction.Delete delete -> {
        if (delete.unblockFirst()) {
          writes.unblockOwnerReferences(identity);
        }
        log.info(
            "garbage collector: deleting {} (propagationPolicy {})",
            identity,
            delete.propagationPolicy());
        String version = latest.get().getMetadata().getResourceVersion();
        if (!writes.delete(identity, delete.propagationPolicy(), version)) {
          enqueue(graph.absent(identity));
        }
      }
    }
    return !graph.isObserved(identity.uid());
  }

  /** Upstream's {@code processDeletingDependentsItem}. */
  private boolean foreground(ObjectIdentity owner) {
    ForegroundAction action =
        GcDecisions.forForegroundOwner(owner.uid(), graph.dependents(owner.uid()));
    switch (action) {
      case ForegroundAction.RemoveFinalizer remove -> {
        log.info("garbage collector: {} has no blocking dependents left", owner);
        writes.removeFinalizer(owner, GcDecisions.FOREGROUND_FINALIZER);
      }
      case ForegroundAction.DeleteBlocking blocking ->
          blocking.dependents().forEach(attemptToDelete::add);
    }
    return false;
  }

  /** Upstream's {@code attemptToOrphanWorker}: free every dependent, then the owner. */
  private boolean attemptToOrphan(ObjectIdentity owner) {
    for (GcDecisions.Dependent dependent : graph.dependents(owner.uid())) {
      try {
        writes.removeOwnerReferences(dependent.identity(), java.util.Set.of(owner.uid()));
      } catch (StatusException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    log.info("garbage collector: orphaned the dependents of {}", owner);
    writes.removeFinalizer(owner, GcDecisions.ORPHAN_FINALIZER);
    return false;
  }

  @Override
  public void close() {
    if (ownInformers) {
      shared.close();
    }
    attemptToDelete.close();
    attemptToOrphan.close();
  }
}
