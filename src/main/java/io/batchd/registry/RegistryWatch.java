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
    storeWatch = registry.cache().watch(prefix, start, this);
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
    for (KeyValue kv : page.items()) {
      T object = registry.decode(kv);
      if (query.filter().test(object)) {
        deliver(() -> watcher.onEvent("ADDED", object));
      }
    }
    return page.revision();
  }

  @Override
  public void onEvent(WatchEvent event) {
    T current = event.current() == null ? null : registry.decode(event.current());
    T previous = event.previous() == null ? null : registry.decode(event.previous());
    boolean now = current != null && query.filter().test(current);
    boolean before = previous != null && query.filter().test(previous);
    String revision = Long.toString(event.revision());
    deliver(
        () -> {
          lastRevision = event.revision();
          if (now && before) {
            watcher.onEvent("MODIFIED", current);
          } else if (now) {
            watcher.onEvent("ADDED", current);
          } else if (before) {
            previous.getMetadata().setResourceVersion(revision);
            watcher.onEvent("DELETED", previous);
          }
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
