package io.batchd.registry;

import io.batchd.store.KeyValue;
import io.batchd.store.ListOptions;
import io.batchd.store.ListResult;
import io.batchd.store.Store;
import io.batchd.store.StoreException;
import io.batchd.store.Watch;
import io.batchd.store.WatchEvent;
import io.batchd.store.WatchHub;
import io.batchd.store.WatchListener;
import io.batchd.store.WatchStream;
import io.batchd.store.WatchTooSlowException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current state of one resource and its recent changes, kept in memory from a single store
 * watch, as kube-apiserver's watch cache does. Watches are served from here, so any number of
 * watchers costs the store one watch; {@code resourceVersion=0} lists are served from here too.
 *
 * <p>A watch from a revision older than the changes kept falls back to the store, which still has
 * the history unless it was compacted (then the client gets 410 and lists again).
 */
final class WatchCache implements WatchListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchCache.class);

  private final Store store;
  private final String prefix;
  private final int capacity;
  private final int watcherCapacity;
  private final Object lock = new Object();
  private final TreeMap<String, KeyValue> state = new TreeMap<>();
  private final ArrayDeque<WatchEvent> recent = new ArrayDeque<>();
  private final WatchHub hub = new WatchHub();
  private long revision;

  /** Every change after this revision is in {@link #recent} or still to come. */
  private long floor;

  private Watch storeWatch;
  private volatile boolean closed;

  WatchCache(Store store, String prefix, int capacity, int watcherCapacity) {
    this.store = store;
    this.prefix = prefix;
    this.capacity = capacity;
    this.watcherCapacity = watcherCapacity;
  }

  /** Loads the current state and starts following the store. */
  WatchCache start() {
    ListResult all = store.list(prefix, ListOptions.ALL);
    synchronized (lock) {
      state.clear();
      recent.clear();
      for (KeyValue kv : all.items()) {
        state.put(kv.key(), kv);
      }
      revision = all.revision();
      floor = all.revision();
    }
    storeWatch = store.watch(prefix, all.revision(), this);
    return this;
  }

  @Override
  public void onEvent(WatchEvent event) {
    synchronized (lock) {
      if (event.type() == WatchEvent.Type.DELETED) {
        state.remove(event.key());
      } else {
        state.put(event.key(), event.current());
      }
      recent.addLast(event);
      if (recent.size() > capacity) {
        floor = recent.removeFirst().revision();
      }
      revision = event.revision();
      hub.publish(List.of(event));
    }
  }

  @Override
  public void onError(StoreException error) {
    if (closed) {
      return;
    }
    // The cache lost its place: end every watch and load again. The watchers' revisions are still
    // in the store's history, so they end as too slow (clients watch again from where they were).
    log.warn("watch cache of {} restarts: {}", prefix, error.getMessage());
    synchronized (lock) {
      hub.failAll(new WatchTooSlowException(capacity));
    }
    try {
      start();
    } catch (StoreException e) {
      log.error("watch cache of {} cannot restart", prefix, e);
    }
  }

  /** The objects under {@code under} as the cache holds them, and the revision they are at. */
  ListResult list(String under) {
    synchronized (lock) {
      List<KeyValue> items = new ArrayList<>();
      for (Map.Entry<String, KeyValue> e : state.tailMap(under, true).entrySet()) {
        if (!e.getKey().startsWith(under)) {
          break;
        }
        items.add(e.getValue());
      }
      return new ListResult(items, revision, false);
    }
  }

  /** Watches keys under {@code under} for changes after {@code after}; see the class comment. */
  Watch watch(String under, long after, WatchListener listener) {
    synchronized (lock) {
      if (after < floor) {
        return store.watch(under, after, listener);
      }
      List<WatchEvent> replay = new ArrayList<>();
      for (WatchEvent e : recent) {
        if (e.revision() > after && e.key().startsWith(under)) {
          replay.add(e);
        }
      }
      WatchStream stream = new WatchStream(listener, after, watcherCapacity);
      Watch subscription = hub.subscribe(under, stream);
      stream.start(under, sink -> replay.forEach(sink));
      return subscription;
    }
  }

  /** The number of watches served, for tests and metrics. */
  int watchers() {
    return hub.size();
  }

  @Override
  public void close() {
    closed = true;
    if (storeWatch != null) {
      storeWatch.close();
    }
  }
}
