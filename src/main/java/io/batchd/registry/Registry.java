package io.batchd.registry;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.FieldError;
import io.batchd.api.errors.StatusException;
import io.batchd.store.CompactedException;
import io.batchd.store.ConflictException;
import io.batchd.store.FutureRevisionException;
import io.batchd.store.KeyExistsException;
import io.batchd.store.KeyNotFoundException;
import io.batchd.store.KeyValue;
import io.batchd.store.ListOptions;
import io.batchd.store.ListResult;
import io.batchd.store.Store;
import io.batchd.store.StoreException;
import io.batchd.store.ValueTooLargeException;
import io.batchd.store.WatchEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Create, read, update, delete and list of one resource type on the store, with Kubernetes' object
 * rules: generated names, uids, timestamps, generation, resourceVersion as optimistic concurrency,
 * spec/status separation, and strategy defaults and validation.
 *
 * <p>Objects are stored as JSON without their resourceVersion; the store's mod revision is the
 * resourceVersion, set on every object read back.
 */
public final class Registry<T extends HasMetadata> {
  private static final int UPDATE_RETRIES = 16;

  private final ResourceType<T> type;
  private final Strategy<T> strategy;
  private final Store store;
  private final Namespaces namespaces;
  private final Clock clock;
  private volatile WatchCache cache;

  /** How a registry learns whether a namespace exists and accepts new objects. */
  @FunctionalInterface
  public interface Namespaces {
    /** Empty if the namespace may receive objects; otherwise the error to return. */
    Optional<StatusException> refuseCreateIn(String namespace);
  }

  /** Changes the watch cache keeps, and how far one watcher may fall behind before it is ended. */
  static final int CACHED_EVENTS = 1000;

  static final int WATCHER_BACKLOG = 10_000;

  private final int watcherBacklog;

  /** Told the namespace of each object removed from the store (null for cluster-scoped ones). */
  private volatile java.util.function.Consumer<String> removalListener = ns -> {};

  public Registry(
      ResourceType<T> type, Strategy<T> strategy, Store store, Namespaces namespaces, Clock clock) {
    this(type, strategy, store, namespaces, clock, WATCHER_BACKLOG);
  }

  Registry(
      ResourceType<T> type,
      Strategy<T> strategy,
      Store store,
      Namespaces namespaces,
      Clock clock,
      int watcherBacklog) {
    this.type = type;
    this.strategy = strategy;
    this.store = store;
    this.namespaces = namespaces;
    this.clock = clock;
    this.watcherBacklog = watcherBacklog;
  }

  public ResourceType<T> type() {
    return type;
  }

  /** Sets who hears of removed objects; {@link Registries} finishes terminating namespaces. */
  void onRemoval(java.util.function.Consumer<String> listener) {
    this.removalListener = listener;
  }

  public Strategy<T> strategy() {
    return strategy;
  }

  // --- reads ---

  public T get(String namespace, String name) {
    return decode(current(namespace, name).orElseThrow(() -> notFound(name)));
  }

  public Optional<T> find(String namespace, String name) {
    return current(namespace, name).map(this::decode);
  }

  /**
   * The latest version of an object (a consistent read): from the watch cache once it has caught up
   * with the store's current revision, as consistent lists are, else from the store.
   */
  private Optional<KeyValue> current(String namespace, String name) {
    String key = type.key(namespace, name);
    if (store.reportsProgress()) {
      Optional<KeyValue> cached = cache().currentGet(key, CACHE_CATCH_UP_MILLIS);
      if (cached != null) {
        return cached;
      }
    }
    return store(() -> store.get(key));
  }

  /** Lists the objects in {@code namespace} (null for all namespaces). */
  public ObjectList<T> list(String namespace, ListQuery<T> query) {
    Page<T> page =
        page(
            namespace,
            query,
            kv -> {
              T object = decode(kv);
              return query.filter().test(object) ? object : null;
            });
    return new ObjectList<>(page.items(), page.resourceVersion(), page.continueToken());
  }

  /**
   * Lists as {@link #list} does, for a client that wants JSON: each item is the stored object,
   * served without being decoded and encoded again ({@link ServedJson}); objects are decoded only
   * when a selector has to look at them.
   */
  public JsonList listJson(String namespace, ListQuery<T> query) {
    boolean everything = ObjectFilters.isEverything(query.filter());
    Page<KeyValue> page =
        page(namespace, query, kv -> everything || query.filter().test(decode(kv)) ? kv : null);
    return new JsonList(this, page.items(), page.resourceVersion(), page.continueToken());
  }

  /** One page of a list: the items, the revision it was read at, the token of the next page. */
  private record Page<R>(List<R> items, String resourceVersion, String continueToken) {}

  /** How long a consistent list waits for the watch cache to catch up before reading the store. */
  private static final long CACHE_CATCH_UP_MILLIS = 1000;

  /**
   * Reads one page, keeping the items {@code accept} turns into something (null: filtered out).
   *
   * <p>It reads from the watch cache when it can, as kube-apiserver serves consistent lists from
   * its watch cache: a list of the latest state once the cache has caught up with the store's
   * current revision (the embedded store tells the cache how far it has got), and the next page of
   * a list while the cache still holds the state of the list's revision. Other reads (an exact old
   * revision, a store that does not report progress) go to the store.
   */
  private <R> Page<R> page(
      String namespace, ListQuery<T> query, java.util.function.Function<KeyValue, R> accept) {
    String prefix = type.keyPrefix(namespace);
    boolean continued = query.continueToken() != null && !query.continueToken().isEmpty();
    if ("0".equals(query.resourceVersion())
        && !continued
        && (query.resourceVersionMatch() == null
            || query.resourceVersionMatch().isEmpty()
            || query.resourceVersionMatch().equals("NotOlderThan"))) {
      // "Any" version: served from the watch cache, ignoring the limit, as upstream does.
      ListResult cached = cache().list(prefix);
      List<R> items = new ArrayList<>();
      for (KeyValue kv : cached.items()) {
        R item = accept.apply(kv);
        if (item != null) {
          items.add(item);
        }
      }
      return new Page<>(items, Long.toString(cached.revision()), null);
    }
    long revision = listRevision(query);
    String startAfter = null;
    if (continued) {
      ContinueToken token = ContinueToken.decode(query.continueToken());
      revision = token.revision();
      startAfter = prefix + token.lastKey();
    }
    ListResult snapshot = null;
    // Without a selector every key is an item: a page needs only one key more than its limit.
    int keys =
        query.limit() > 0 && ObjectFilters.isEverything(query.filter()) ? query.limit() + 1 : 0;
    if (store.reportsProgress()) {
      if (revision == 0) {
        snapshot = cache().currentSnapshot(prefix, startAfter, keys, CACHE_CATCH_UP_MILLIS);
      } else {
        snapshot = cache().snapshot(prefix, startAfter, revision, keys);
      }
    }
    if (snapshot != null) {
      List<R> items = new ArrayList<>();
      List<KeyValue> all = snapshot.items();
      for (int i = 0; i < all.size(); i++) {
        KeyValue kv = all.get(i);
        R item = accept.apply(kv);
        if (item != null) {
          items.add(item);
          if (query.limit() > 0 && items.size() == query.limit()) {
            String next =
                i < all.size() - 1
                    ? new ContinueToken(snapshot.revision(), kv.key().substring(prefix.length()))
                        .encode()
                    : null;
            return new Page<>(items, Long.toString(snapshot.revision()), next);
          }
        }
      }
      return new Page<>(items, Long.toString(snapshot.revision()), null);
    }
    List<R> items = new ArrayList<>();
    int pageSize = query.limit() > 0 ? Math.max(query.limit(), 100) : 0;
    while (true) {
      ListResult page;
      try {
        page = store.list(prefix, ListOptions.page(revision, startAfter, pageSize));
      } catch (CompactedException e) {
        throw continued
            ? StatusException.expired(
                "The provided continue parameter is too old to display a consistent list result."
                    + " You can start a new list without the continue parameter.")
            : tooOld(revision, e);
      } catch (FutureRevisionException e) {
        throw StatusException.badRequest(
            "Too large resource version: " + revision + ", current: " + e.currentRevision());
      } catch (StoreException e) {
        throw unavailable(e);
      }
      revision = page.revision();
      for (KeyValue kv : page.items()) {
        R item = accept.apply(kv);
        if (item != null) {
          items.add(item);
          if (query.limit() > 0 && items.size() == query.limit()) {
            boolean more = page.more() || !kv.key().equals(page.lastKey());
            String next =
                more
                    ? new ContinueToken(revision, kv.key().substring(prefix.length())).encode()
                    : null;
            return new Page<>(items, Long.toString(revision), next);
          }
        }
      }
      if (!page.more()) {
        return new Page<>(items, Long.toString(revision), null);
      }
      startAfter = page.lastKey();
    }
  }

  /**
   * The served JSON of the object named {@code name}, as {@link #get} would return it encoded
   * ({@link ServedJson}).
   */
  public byte[] getJson(String namespace, String name) {
    KeyValue kv = current(namespace, name).orElseThrow(() -> notFound(name));
    return ServedJson.bytes(kv, kv.modRevision(), () -> decode(kv));
  }

  /**
   * The revision a list reads at, from {@code resourceVersion} and {@code resourceVersionMatch}.
   */
  private long listRevision(ListQuery<T> query) {
    String rv = query.resourceVersion();
    String match = query.resourceVersionMatch();
    if (match != null && !match.isEmpty()) {
      if (!match.equals("Exact") && !match.equals("NotOlderThan")) {
        throw StatusException.badRequest(
            "resourceVersionMatch: Unsupported value: \""
                + match
                + "\": supported values: \"Exact\", \"NotOlderThan\"");
      }
      if (rv == null || rv.isEmpty()) {
        throw StatusException.badRequest(
            "resourceVersionMatch is forbidden unless resourceVersion is provided");
      }
    }
    if (rv == null || rv.isEmpty() || rv.equals("0")) {
      return 0;
    }
    long revision = ResourceVersions.parse(rv);
    if ("Exact".equals(match)) {
      return revision;
    }
    // NotOlderThan (and a bare resourceVersion): the latest state is never older.
    long current = store(store::currentRevision);
    if (revision > current) {
      throw StatusException.badRequest(
          "Too large resource version: " + revision + ", current: " + current);
    }
    return 0;
  }

  // --- writes ---

  /** Creates {@code object} in {@code namespace}; returns it as stored. */
  public Created<T> create(String namespace, T object, boolean dryRun) {
    ObjectMeta meta = metadata(object);
    if (type.namespaced()) {
      if (meta.getNamespace() != null
          && !meta.getNamespace().isEmpty()
          && !meta.getNamespace().equals(namespace)) {
        throw StatusException.badRequest(
            "the namespace of the provided object does not match the namespace sent on the"
                + " request");
      }
      meta.setNamespace(namespace);
    } else {
      meta.setNamespace(null);
    }
    if (meta.getResourceVersion() != null && !meta.getResourceVersion().isEmpty()) {
      throw StatusException.badRequest(
          "resourceVersion should not be set on objects to be created");
    }
    if ((meta.getName() == null || meta.getName().isEmpty())
        && meta.getGenerateName() != null
        && !meta.getGenerateName().isEmpty()) {
      meta.setName(NameGenerator.generate(meta.getGenerateName()));
    }
    if (meta.getName() == null || meta.getName().isEmpty()) {
      throw StatusException.invalid(
          type.group(),
          type.kind(),
          "",
          List.of(FieldError.required("metadata.name", "name or generateName is required")));
    }
    meta.setUid(UUID.randomUUID().toString());
    meta.setCreationTimestamp(now());
    meta.setDeletionTimestamp(null);
    meta.setDeletionGracePeriodSeconds(null);
    meta.setGeneration(strategy.tracksGeneration() ? 1L : null);
    object.setApiVersion(type.apiVersion());
    strategy.applyDefaults(object);
    strategy.prepareForCreate(object);
    List<FieldError> errors = strategy.validateCreate(object);
    if (!errors.isEmpty()) {
      throw StatusException.invalid(type.group(), type.kind(), meta.getName(), errors);
    }
    List<String> warnings = strategy.warningsOnCreate(object);
    if (type.namespaced()) {
      namespaces
          .refuseCreateIn(namespace)
          .ifPresent(
              e -> {
                throw e;
              });
    }
    if (dryRun) {
      if (store(() -> store.get(type.key(namespace, meta.getName()))).isPresent()) {
        throw StatusException.alreadyExists(type.group(), type.resource(), meta.getName());
      }
      return new Created<>(object, warnings);
    }
    try {
      KeyValue kv = store.create(type.key(namespace, meta.getName()), encode(object));
      meta.setResourceVersion(Long.toString(kv.modRevision()));
      return new Created<>(object, warnings, served(kv, object));
    } catch (KeyExistsException e) {
      throw StatusException.alreadyExists(type.group(), type.resource(), meta.getName());
    } catch (ValueTooLargeException e) {
      throw StatusException.requestEntityTooLarge(e.getMessage());
    } catch (StoreException e) {
      throw unavailable(e);
    }
  }

  /**
   * An object as stored, with the warnings the write produced.
   *
   * @param json the object as a client is served it in JSON, made from the bytes just stored
   *     ({@link ServedJson}), or null when nothing was stored (a dry run, an unchanged object)
   */
  public record Created<T>(T object, List<String> warnings, byte[] json) {
    public Created(T object, List<String> warnings) {
      this(object, warnings, null);
    }
  }

  /** The served JSON of what was just written: the encoding is not done a second time. */
  private static byte[] served(KeyValue kv, Object object) {
    return ServedJson.bytes(kv, kv.modRevision(), () -> object);
  }

  /** How an update treats the incoming object. */
  public enum Subresource {
    /** The main resource: status changes are ignored. */
    MAIN,
    /** The status subresource: spec changes are ignored. */
    STATUS
  }

  /** Computes the new object from the current one; for patches, which need the current object. */
  @FunctionalInterface
  public interface Mutation<T> {
    T apply(T current);
  }

  /**
   * Replaces the object named {@code name} with {@code object} (a PUT). A resourceVersion in the
   * object must match the stored one; without one the update applies to whatever is current.
   */
  public Created<T> update(
      String namespace, String name, T object, Subresource subresource, boolean dryRun) {
    return mutate(namespace, name, current -> object, true, subresource, dryRun);
  }

  /**
   * Applies {@code mutation} to the current object and stores the result, retrying on concurrent
   * writes unless the result names the resourceVersion it was based on.
   */
  public Created<T> mutate(
      String namespace,
      String name,
      Mutation<T> mutation,
      Subresource subresource,
      boolean dryRun) {
    return mutate(namespace, name, mutation, false, subresource, dryRun);
  }

  /**
   * @param replacement whether the mutation replaces the object with the caller's whole object (an
   *     in-process update): then it is given null instead of a decoded copy it would not read
   *     (which on a busy server was a sixth of an update's time), and if the caller's object has no
   *     managed fields at all (the shared informers drop them, as upstream's controllers' informers
   *     do) the stored ones stay
   */
  private Created<T> mutate(
      String namespace,
      String name,
      Mutation<T> mutation,
      boolean replacement,
      Subresource subresource,
      boolean dryRun) {
    for (int attempt = 0; ; attempt++) {
      KeyValue currentKv =
          store(() -> store.get(type.key(namespace, name))).orElseThrow(() -> notFound(name));
      T current = decode(currentKv);
      // A second decode gives the mutation its own copy, cheaper than copying the first.
      T updated = mutation.apply(replacement ? null : decode(currentKv));
      if (replacement && metadata(updated).getManagedFields() == null) {
        metadata(updated).setManagedFields(current.getMetadata().getManagedFields());
      }
      ObjectMeta meta = metadata(updated);
      if (meta.getName() != null && !meta.getName().isEmpty() && !meta.getName().equals(name)) {
        throw StatusException.badRequest(
            "the name of the object ("
                + meta.getName()
                + ") does not match the name on the URL ("
                + name
                + ")");
      }
      if (type.namespaced()
          && meta.getNamespace() != null
          && !meta.getNamespace().isEmpty()
          && !meta.getNamespace().equals(namespace)) {
        throw StatusException.badRequest(
            "the namespace of the provided object does not match the namespace sent on the"
                + " request");
      }
      String expected = meta.getResourceVersion();
      boolean conditional = expected != null && !expected.isEmpty();
      if (conditional && ResourceVersions.parse(expected) != currentKv.modRevision()) {
        throw StatusException.conflict(type.group(), type.resource(), name);
      }
      Created<T> result = prepareUpdate(updated, current, subresource);
      T next = result.object();
      if (deletesOnUpdate(next, current)) {
        // The last finalizer of an object being deleted is gone: the update deletes it, as
        // upstream's ShouldDeleteDuringUpdate.
        if (dryRun) {
          return result;
        }
        try {
          store.delete(currentKv.key(), currentKv.modRevision());
          removalListener.accept(namespace);
          return result;
        } catch (ConflictException e) {
          if (conditional || attempt >= UPDATE_RETRIES) {
            throw StatusException.conflict(type.group(), type.resource(), name);
          }
          continue;
        } catch (KeyNotFoundException e) {
          throw notFound(name);
        } catch (StoreException e) {
          throw unavailable(e);
        }
      }
      byte[] bytes = encode(next);
      if (java.util.Arrays.equals(bytes, currentKv.value())) {
        // Nothing changed: upstream skips the write and keeps the resourceVersion.
        return new Created<>(current, result.warnings());
      }
      if (dryRun) {
        metadata(next).setResourceVersion(current.getMetadata().getResourceVersion());
        return result;
      }
      try {
        KeyValue kv = store.update(type.key(namespace, name), bytes, currentKv.modRevision());
        metadata(next).setResourceVersion(Long.toString(kv.modRevision()));
        return new Created<>(next, result.warnings(), served(kv, next));
      } catch (ConflictException e) {
        if (conditional || attempt >= UPDATE_RETRIES) {
          throw StatusException.conflict(type.group(), type.resource(), name);
        }
      } catch (KeyNotFoundException e) {
        throw notFound(name);
      } catch (ValueTooLargeException e) {
        throw StatusException.requestEntityTooLarge(e.getMessage());
      } catch (StoreException e) {
        throw unavailable(e);
      }
    }
  }

  /**
   * Whether an update removes the object: it was being deleted with no grace period left and the
   * update leaves it without finalizers.
   */
  private static boolean deletesOnUpdate(HasMetadata next, HasMetadata current) {
    ObjectMeta old = current.getMetadata();
    List<String> finalizers = next.getMetadata().getFinalizers();
    return old.getDeletionTimestamp() != null
        && (finalizers == null || finalizers.isEmpty())
        && (old.getDeletionGracePeriodSeconds() == null
            || old.getDeletionGracePeriodSeconds() == 0);
  }

  /** Carries over what the client may not change, bumps generation, validates. */
  private Created<T> prepareUpdate(T updated, T current, Subresource subresource) {
    ObjectMeta meta = metadata(updated);
    ObjectMeta old = current.getMetadata();
    meta.setName(old.getName());
    meta.setNamespace(old.getNamespace());
    meta.setUid(old.getUid());
    meta.setCreationTimestamp(old.getCreationTimestamp());
    meta.setDeletionTimestamp(old.getDeletionTimestamp());
    meta.setDeletionGracePeriodSeconds(old.getDeletionGracePeriodSeconds());
    meta.setGeneration(old.getGeneration());
    meta.setResourceVersion(null);
    if (meta.getGenerateName() == null) {
      meta.setGenerateName(old.getGenerateName());
    }
    updated.setApiVersion(type.apiVersion());
    strategy.applyDefaults(updated);
    List<FieldError> errors;
    List<String> warnings;
    if (subresource == Subresource.STATUS) {
      strategy.prepareForStatusUpdate(updated, current);
      errors = strategy.validateStatusUpdate(updated, current);
      warnings = List.of();
    } else {
      strategy.prepareForUpdate(updated, current);
      if (strategy.tracksGeneration() && strategy.specChanged(updated, current)) {
        meta.setGeneration(Objects.requireNonNullElse(old.getGeneration(), 0L) + 1);
      }
      errors = strategy.validateUpdate(updated, current);
      warnings = strategy.warningsOnUpdate(updated, current);
    }
    if (!errors.isEmpty()) {
      throw StatusException.invalid(type.group(), type.kind(), old.getName(), errors);
    }
    return new Created<>(updated, warnings);
  }

  /**
   * Deletes the object, or marks it for deletion if finalizers hold it. Preconditions on uid and
   * resourceVersion are checked against the current object.
   *
   * @return the object as it was deleted, or as marked
   */
  public Deleted<T> delete(
      String namespace,
      String name,
      String preconditionUid,
      String preconditionVersion,
      boolean dryRun) {
    return delete(namespace, name, preconditionUid, preconditionVersion, null, dryRun);
  }

  /**
   * Deletes the object as upstream's generic store does: objects of a resource with graceful
   * deletion ({@link Strategy#deletionGracePeriod}) are first marked with a deletion timestamp and
   * kept until a delete whose grace period is 0; a later delete may only shorten the period;
   * finalizers hold any object until they are removed.
   *
   * @param gracePeriodSeconds the client's {@code gracePeriodSeconds}, or null
   * @return the object as it was deleted, or as marked
   */
  public Deleted<T> delete(
      String namespace,
      String name,
      String preconditionUid,
      String preconditionVersion,
      Long gracePeriodSeconds,
      boolean dryRun) {
    return delete(
        namespace,
        name,
        preconditionUid,
        preconditionVersion,
        gracePeriodSeconds,
        DeletePropagation.DEFAULT,
        dryRun);
  }

  /**
   * Deletes the object as {@link #delete(String, String, String, String, Long, boolean)} does, and
   * adds or removes the garbage collector's finalizers ({@code orphan}, {@code foregroundDeletion})
   * as {@code propagation} and the strategy's {@link Strategy#defaultGarbageCollectionPolicy} say,
   * so that an object deleted with Orphan or Foreground stays, marked, until the garbage collector
   * has dealt with its dependents. An object whose graceful deletion is already under way keeps its
   * finalizers, as upstream's.
   */
  public Deleted<T> delete(
      String namespace,
      String name,
      String preconditionUid,
      String preconditionVersion,
      Long gracePeriodSeconds,
      DeletePropagation propagation,
      boolean dryRun) {
    propagation.validate();
    // Upstream treats a negative period as 1 second.
    Long requested =
        gracePeriodSeconds == null ? null : gracePeriodSeconds < 0 ? 1L : gracePeriodSeconds;
    for (int attempt = 0; ; attempt++) {
      KeyValue kv =
          store(() -> store.get(type.key(namespace, name))).orElseThrow(() -> notFound(name));
      T current = decode(kv);
      checkPreconditions(current, kv, name, preconditionUid, preconditionVersion);
      T marked = decode(kv);
      DeletionStep step = markForDeletion(current, marked, requested, propagation);
      if (step == DeletionStep.PENDING) {
        return new Deleted<>(current, false);
      }
      if (dryRun) {
        return step == DeletionStep.REMOVE
            ? new Deleted<>(current, true)
            : new Deleted<>(marked, false);
      }
      try {
        long revision = kv.modRevision();
        if (step != DeletionStep.REMOVE) {
          marked.getMetadata().setResourceVersion(null);
          KeyValue updated = store.update(kv.key(), encode(marked), revision);
          marked.getMetadata().setResourceVersion(Long.toString(updated.modRevision()));
          if (step == DeletionStep.KEEP) {
            return new Deleted<>(marked, false);
          }
          revision = updated.modRevision();
          current = marked;
        }
        store.delete(kv.key(), revision);
        removalListener.accept(namespace);
        return new Deleted<>(current, true);
      } catch (ConflictException e) {
        if (preconditionVersion != null || attempt >= UPDATE_RETRIES) {
          throw StatusException.conflict(type.group(), type.resource(), name);
        }
      } catch (KeyNotFoundException e) {
        throw notFound(name);
      } catch (StoreException e) {
        throw unavailable(e);
      }
    }
  }

  /** What a delete does to the stored object. */
  private enum DeletionStep {
    /** Remove it now. */
    REMOVE,
    /** Write the marked copy, then remove it (a grace period shortened to 0). */
    MARK_THEN_REMOVE,
    /** Write the marked copy and keep it: a grace period runs or finalizers hold it. */
    KEEP,
    /** Nothing to change: its deletion is already under way. */
    PENDING
  }

  /**
   * Sets the deletion fields on {@code marked} (a copy of {@code current}) as upstream's {@code
   * BeforeDelete} and {@code markAsDeleting} do, and says what to do with it.
   */
  private DeletionStep markForDeletion(
      T current, T marked, Long requested, DeletePropagation propagation) {
    ObjectMeta meta = current.getMetadata();
    ObjectMeta m = marked.getMetadata();
    Long existing = meta.getDeletionGracePeriodSeconds();
    if (meta.getDeletionTimestamp() != null
        && existing != null
        && existing != 0
        && (requested == null || requested >= existing)) {
      // A graceful deletion runs: neither its period nor the finalizers change.
      return DeletionStep.PENDING;
    }
    List<String> finalizers =
        propagation.finalizersFor(meta.getFinalizers(), strategy.defaultGarbageCollectionPolicy());
    boolean finalizersChanged = finalizers != meta.getFinalizers();
    if (finalizersChanged) {
      m.setFinalizers(finalizers);
    }
    boolean held = finalizers != null && !finalizers.isEmpty();
    if (meta.getDeletionTimestamp() != null) {
      if (existing == null || existing == 0) {
        if (!held) {
          return DeletionStep.REMOVE;
        }
        return finalizersChanged ? DeletionStep.KEEP : DeletionStep.PENDING;
      }
      // Only a shorter period may be asked for; the deadline moves back by the difference.
      Instant deadline =
          Instant.parse(meta.getDeletionTimestamp()).minusSeconds(existing).plusSeconds(requested);
      m.setDeletionTimestamp(deadline.toString());
      m.setDeletionGracePeriodSeconds(requested);
      return held || requested > 0 ? DeletionStep.KEEP : DeletionStep.MARK_THEN_REMOVE;
    }
    Long period = strategy.deletionGracePeriod(current, requested);
    if (period == null && !held) {
      return DeletionStep.REMOVE;
    }
    if (meta.getGeneration() != null && meta.getGeneration() > 0) {
      m.setGeneration(meta.getGeneration() + 1);
    }
    long seconds = period == null ? 0 : period;
    m.setDeletionTimestamp(nowInstant().plusSeconds(seconds).toString());
    m.setDeletionGracePeriodSeconds(seconds);
    return held || seconds > 0 ? DeletionStep.KEEP : DeletionStep.MARK_THEN_REMOVE;
  }

  private void checkPreconditions(
      T current, KeyValue kv, String name, String preconditionUid, String preconditionVersion) {
    if (preconditionUid != null && !preconditionUid.equals(current.getMetadata().getUid())) {
      throw StatusException.conflict(
          type.group(),
          type.resource(),
          name,
          "Precondition failed: UID in precondition: "
              + preconditionUid
              + ", UID in object meta: "
              + current.getMetadata().getUid());
    }
    if (preconditionVersion != null
        && ResourceVersions.parse(preconditionVersion) != kv.modRevision()) {
      throw StatusException.conflict(
          type.group(),
          type.resource(),
          name,
          "Precondition failed: ResourceVersion in precondition: "
              + preconditionVersion
              + ", ResourceVersion in object meta: "
              + kv.modRevision());
    }
  }

  /**
   * The outcome of a delete.
   *
   * @param object the object as deleted, or as marked for deletion
   * @param removed true if it is gone, false if finalizers keep it for now
   */
  public record Deleted<T>(T object, boolean removed) {}

  // --- watch ---

  /** The watch cache, started on first use so that an unused resource costs nothing. */
  WatchCache cache() {
    WatchCache c = cache;
    if (c == null) {
      synchronized (this) {
        c = cache;
        if (c == null) {
          try {
            c = new WatchCache(store, type.keyPrefix(), CACHED_EVENTS, watcherBacklog).start();
          } catch (StoreException e) {
            throw unavailable(e);
          }
          cache = c;
        }
      }
    }
    return c;
  }

  /** Stops the watch cache; for shutdown. */
  public void close() {
    WatchCache c = cache;
    if (c != null) {
      c.close();
    }
  }

  /** A running registry watch; closing it stops delivery. */
  public interface WatchHandle extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts a watch; see {@link RegistryWatch} for the semantics. */
  public WatchHandle watch(String namespace, WatchQuery<T> query, ObjectWatcher<T> watcher) {
    io.batchd.store.Watch w = new RegistryWatch<>(this, store, namespace, query, watcher).start();
    return w::close;
  }

  // --- helpers shared with RegistryWatch ---

  T decode(KeyValue kv) {
    return decodeAt(kv, kv.modRevision());
  }

  /** The object of {@code kv} with {@code revision} as its resourceVersion (a deletion's). */
  T decodeAt(KeyValue kv, long revision) {
    T object = Codecs.JSON.readValue(kv.value(), type.type());
    object.getMetadata().setResourceVersion(Long.toString(revision));
    return object;
  }

  /**
   * Recent events shared by this resource's watchers, by revision. Watchers handle an event within
   * moments of each other, so a few slots suffice; each holds up to two decoded objects, so they
   * are kept few (a miss costs only another decode).
   */
  @SuppressWarnings("unchecked")
  private final SharedEvent<T>[] sharedEvents = new SharedEvent[128];

  /**
   * The shared form of {@code event}: every watcher of the resource is handed the same event object
   * by the watch cache, so the first to ask decodes and encodes for all of them.
   */
  SharedEvent<T> shared(WatchEvent event) {
    int slot = (int) (event.revision() & (sharedEvents.length - 1));
    SharedEvent<T> s = sharedEvents[slot];
    if (s != null && s.event() == event) {
      return s;
    }
    s = new SharedEvent<>(this, event);
    // A race here costs a second decode, nothing more.
    sharedEvents[slot] = s;
    return s;
  }

  /** The stored form: the object without its resourceVersion, which the store keeps. */
  private byte[] encode(T object) {
    ObjectMeta meta = metadata(object);
    String resourceVersion = meta.getResourceVersion();
    meta.setResourceVersion(null);
    try {
      return Codecs.JSON.writeValueAsBytes(object);
    } finally {
      meta.setResourceVersion(resourceVersion);
    }
  }

  private ObjectMeta metadata(T object) {
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    return object.getMetadata();
  }

  /**
   * Applies {@code change} to the current object and stores the result without the strategy's
   * update rules, retrying on concurrent writes: for subresources whose own rules are enforced by
   * {@code change} (a pod's binding or eviction), as upstream's registry does with a guaranteed
   * update. {@code change} may throw a {@link StatusException} to refuse the write.
   *
   * @param preconditionUid when set, the object's uid must be this (409 otherwise)
   * @param preconditionVersion when set, the object's resourceVersion must be this (409 otherwise)
   */
  public T updateBySubresource(
      String namespace,
      String name,
      String preconditionUid,
      String preconditionVersion,
      java.util.function.UnaryOperator<T> change,
      boolean dryRun) {
    for (int attempt = 0; ; attempt++) {
      KeyValue kv =
          store(() -> store.get(type.key(namespace, name))).orElseThrow(() -> notFound(name));
      T current = decode(kv);
      checkPreconditions(current, kv, name, preconditionUid, preconditionVersion);
      T changed = change.apply(current);
      if (dryRun) {
        return changed;
      }
      try {
        changed.getMetadata().setResourceVersion(null);
        KeyValue written = store.update(kv.key(), encode(changed), kv.modRevision());
        changed.getMetadata().setResourceVersion(Long.toString(written.modRevision()));
        return changed;
      } catch (ConflictException e) {
        if (preconditionVersion != null || attempt >= UPDATE_RETRIES) {
          throw StatusException.conflict(type.group(), type.resource(), name);
        }
      } catch (KeyNotFoundException e) {
        throw notFound(name);
      } catch (ValueTooLargeException e) {
        throw StatusException.requestEntityTooLarge(e.getMessage());
      } catch (StoreException e) {
        throw unavailable(e);
      }
    }
  }

  /** The current time as the API writes it, in whole seconds. */
  public String nowTimestamp() {
    return now();
  }

  /**
   * Applies {@code change} to the stored object and writes it without the strategy's rules: for the
   * server's own bookkeeping (such as marking a namespace Terminating), never for clients.
   */
  T writeDirectly(String namespace, String name, java.util.function.UnaryOperator<T> change) {
    while (true) {
      KeyValue kv =
          store(() -> store.get(type.key(namespace, name))).orElseThrow(() -> notFound(name));
      T changed = change.apply(decode(kv));
      try {
        KeyValue written = store.update(kv.key(), encode(changed), kv.modRevision());
        changed.getMetadata().setResourceVersion(Long.toString(written.modRevision()));
        return changed;
      } catch (ConflictException e) {
        // Someone wrote in between: apply the change to the newer version.
      } catch (KeyNotFoundException e) {
        throw notFound(name);
      } catch (StoreException e) {
        throw unavailable(e);
      }
    }
  }

  String now() {
    return nowInstant().toString();
  }

  private Instant nowInstant() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
  }

  StatusException notFound(String name) {
    return StatusException.notFound(type.group(), type.resource(), name);
  }

  static StatusException tooOld(long revision, CompactedException e) {
    return StatusException.expired(
        "too old resource version: " + revision + " (" + e.compactRevision() + ")");
  }

  static StatusException unavailable(StoreException e) {
    return new StatusException(
        503, "ServiceUnavailable", "the store is unavailable: " + e.getMessage(), null);
  }

  private static <R> R store(java.util.function.Supplier<R> call) {
    try {
      return call.get();
    } catch (StoreException e) {
      throw unavailable(e);
    }
  }
}
