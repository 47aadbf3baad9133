package io.batchd.registry;

import io.batchd.api.errors.StatusException;
import io.batchd.store.CompactedException;
import io.batchd.store.KeyValue;
import io.batchd.store.ListResult;
import io.batchd.store.Store;
import io.batchd.store.StoreException;
import io.batchd.store.Watch;
import io.batchd.store.WatchEvent;
import io.batchd.store.WatchListener;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One watch of a resource: the initial state as ADDED events when asked, then every change,
 * filtered the way kube-apiserver's watch cache filters: an object that starts matching the
 * selector arrives as ADDED, one that stops matching as DELETED.
 *
 * <p>With bookmarks allowed, a BOOKMARK carrying the last revision delivered is sent every {@link
 * #BOOKMARK_INTERVAL_SECONDS}, so that a client resuming after a quiet period does not start from a
 * compacted revision.
 */
final class RegistryWatch<T extends HasMetadata> implements WatchListener {
  static final long BOOKMARK_INTERVAL_SECONDS = 30;
  private static final ScheduledExecutorService BOOKMARKS =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("watch-bookmarks").daemon().factory());

  private final Registry<T> registry;
  private final Store store;
  private final String namespace;
  private final WatchQuery<T> query;
  private final ObjectWatcher<T> watcher;
  private final ReentrantLock delivery = new ReentrantLock();
  private volatile long lastRevision;
  private volatile boolean closed;
  private Watch storeWatch;
  private java.util.concurrent.ScheduledFuture<?> bookmarkTimer;

  RegistryWatch(
      Registry<T> registry,
      Store store,
      String namespace,
      WatchQuery<T> query,
      ObjectWatcher<T> watcher) {
    this.registry = registry;
    this.store = store;
    this.namespace = namespace;
    this.query = query;
    this.watcher = watcher;
  }

  Watch start() {
    String prefix = registry.type().keyPrefix(namespace);
    String rv = query.resourceVersion();
    boolean fromNow = rv == null || rv.isEmpty() || rv.equals("0");
    boolean initialEvents = query.sendInitialEvents() != null ? query.sendInitialEvents() : fromNow;
    long start;
    try {
      if (fromNow) {
        start = initialEvents ? sendInitialState(prefix) : store.currentRevision();
      } else {
        start = ResourceVersions.parse(rv);
        if (initialEvents) {
          start = sendInitialState(prefix);
        }
      }
    } catch (StoreException e) {
      throw Registry.unavailable(e);
    }
    lastRevision = start;
    if (Boolean.TRUE.equals(query.sendInitialEvents()) && query.allowBookmarks()) {
      deliver(() -> watcher.onBookmark(Long.toString(lastRevision), true));
    }
    // A watcher sent JSON only hands encoded events to a non-blocking writer: the cache calls it
    // directly rather than through a queue and a thread of its own per watcher.
    storeWatch = registry.cache().watch(prefix, start, this, watcher.takesJson());
    if (query.allowBookmarks()) {
      bookmarkTimer =
          BOOKMARKS.scheduleAtFixedRate(
              () -> deliver(() -> watcher.onBookmark(Long.toString(lastRevision), false)),
              BOOKMARK_INTERVAL_SECONDS,
              BOOKMARK_INTERVAL_SECONDS,
              TimeUnit.SECONDS);
    }
    return this::close;
  }

  /** Sends every matching object as ADDED and returns the revision they were read at. */
  private long sendInitialState(String prefix) {
    ListResult page = registry.cache().list(prefix);
    boolean everything = ObjectFilters.isEverything(query.filter());
    for (KeyValue kv : page.items()) {
      if (everything && watcher.takesJson()) {
        byte[] line = SharedEvent.line(registry, "ADDED", kv, kv.modRevision());
        deliver(() -> watcher.onEventJson(line));
        continue;
      }
      T object = registry.decode(kv);
      if (query.filter().test(object)) {
        if (watcher.takesJson()) {
          byte[] line = SharedEvent.line(registry, "ADDED", kv, kv.modRevision());
          deliver(() -> watcher.onEventJson(line));
        } else {
          deliver(() -> watcher.onEvent("ADDED", object));
        }
      }
    }
    return page.revision();
  }

  /**
   * Turns a store event into this watcher's event. Selectors look at the objects decoded once for
   * every watcher ({@link SharedEvent}); a watcher served JSON gets the event encoded once for all,
   * another gets objects decoded for it alone.
   */
  @Override
  public void onEvent(WatchEvent event) {
    SharedEvent<T> shared = registry.shared(event);
    boolean everything = ObjectFilters.isEverything(query.filter());
    boolean now = event.current() != null && (everything || query.filter().test(shared.current()));
    boolean before =
        event.previous() != null && (everything || query.filter().test(shared.previous()));
    String type = now && before ? "MODIFIED" : now ? "ADDED" : before ? "DELETED" : null;
    if (type == null) {
      deliver(() -> lastRevision = event.revision());
      return;
    }
    if (watcher.takesJson()) {
      byte[] line = shared.json(type);
      deliver(
          () -> {
            lastRevision = event.revision();
            watcher.onEventJson(line);
          });
      return;
    }
    T object =
        type.equals("DELETED")
            ? registry.decodeAt(event.previous(), event.revision())
            : registry.decode(event.current());
    deliver(
        () -> {
          lastRevision = event.revision();
          watcher.onEvent(type, object);
        });
  }

  @Override
  public void onError(StoreException error) {
    if (error instanceof io.batchd.store.WatchTooSlowException) {
      deliver(watcher::onClosed);
      close();
      return;
    }
    StatusException status =
        error instanceof CompactedException compacted
            ? Registry.tooOld(compacted.requestedRevision(), compacted)
            : Registry.unavailable(error);
    deliver(() -> watcher.onError(status));
    close();
  }

  private void deliver(Runnable call) {
    delivery.lock();
    try {
      if (!closed) {
        call.run();
      }
    } finally {
      delivery.unlock();
    }
  }

  private void close() {
    closed = true;
    if (bookmarkTimer != null) {
      bookmarkTimer.cancel(false);
    }
    if (storeWatch != null) {
      storeWatch.close();
    }
  }
}
