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
import java.util.Optional;
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

  /**
   * The store revision the state is current at: every change up to it has been applied. It passes
   * {@link #revision} when the store reports progress made under other prefixes.
   */
  private long progress;

  /** The revision of the last change applied to the state (or of the load). */
  private long lastChange;

  /** The store's revision when the cache subscribed: the state is current only past it. */
  private long startFloor;

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
      progress = all.revision();
      lastChange = all.revision();
      lock.notifyAll();
    }
    storeWatch = store.watch(prefix, all.revision(), this);
    // Commits between the load and the subscription reach the cache as history, not as live
    // events: until it has got past them, only the store's progress can tell it is current.
    long subscribed = store.currentRevision();
    synchronized (lock) {
      startFloor = subscribed;
    }
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
      lastChange = event.revision();
      progress = Math.max(progress, event.revision());
      hub.publish(List.of(event));
      lock.notifyAll();
    }
  }

  @Override
  public boolean wantsProgress() {
    return true;
  }

  @Override
  public void onProgress(long storeRevision) {
    synchronized (lock) {
      if (storeRevision > progress) {
        progress = storeRevision;
        lock.notifyAll();
      }
    }
  }

  /**
   * Waits until the state is current as of {@code storeRevision}, at most {@code timeoutMillis}.
   * Returns false if it was not in time (the backend may not report progress): read the store then.
   */
  /**
   * The keys under {@code under} after {@code startAfter} (at most {@code max}, 0: all) as the
   * store holds them now: once the state holds every change under the cache's prefix that the store
   * acknowledged before this call (waiting at most {@code timeoutMillis}), it is a consistent read.
   * With a store that tells how far it has handed events to the cache's watch ({@link
   * Watch#offered}), this waits only for changes of this resource still in the cache's queue, not
   * for writes to other resources; with another store, for the store's progress past its current
   * revision. Null if the cache did not get there in time: read the store then.
   */
  ListResult currentSnapshot(String under, String startAfter, int max, long timeoutMillis) {
    long revision = awaitCurrent(timeoutMillis);
    if (revision < 0) {
      return null;
    }
    synchronized (lock) {
      ListResult list = snapshot(under, startAfter, 0, max);
      return new ListResult(list.items(), Math.max(revision, list.revision()), false);
    }
  }

  /** The current version of {@code key} as a consistent read, or null if the cache is behind. */
  Optional<KeyValue> currentGet(String key, long timeoutMillis) {
    return awaitCurrent(timeoutMillis) < 0 ? null : get(key);
  }

  /**
   * Waits until the state holds every change under the prefix acknowledged before the call; returns
   * a revision the state is consistent at, or -1 after {@code timeoutMillis}.
   */
  private long awaitCurrent(long timeoutMillis) {
    Watch w = storeWatch;
    Watch.Offered offered = w == null ? null : w.offered();
    if (offered == null) {
      long current = store.currentRevision();
      return awaitProgress(current, timeoutMillis) ? current : -1;
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    synchronized (lock) {
      while (lastChange < offered.lastEvent() || progress < startFloor) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0 || closed) {
          return -1;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
      }
      // Every change up to upTo is applied, and every change applied is in order.
      return Math.max(offered.upTo(), Math.max(progress, lastChange));
    }
  }

  boolean awaitProgress(long storeRevision, long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    synchronized (lock) {
      while (progress < storeRevision) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0 || closed) {
          return false;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The keys under {@code under} after {@code startAfter} (null: from the first), as the state
   * holds them, if the state is what the store held at {@code atRevision} (0: whatever is current);
   * or null if it has moved on (or not got there). The result names the revision it is current at.
   */
  ListResult snapshot(String under, String startAfter, long atRevision) {
    return snapshot(under, startAfter, atRevision, 0);
  }

  /** As {@link #snapshot(String, String, long)}, taking at most {@code max} keys (0: all). */
  ListResult snapshot(String under, String startAfter, long atRevision, int max) {
    synchronized (lock) {
      if (atRevision != 0 && (progress < atRevision || lastChange > atRevision)) {
        return null;
      }
      List<KeyValue> items = new ArrayList<>();
      Map<String, KeyValue> tail =
          startAfter == null ? state.tailMap(under, true) : state.tailMap(startAfter, false);
      for (Map.Entry<String, KeyValue> e : tail.entrySet()) {
        if (!e.getKey().startsWith(under) || (max > 0 && items.size() == max)) {
          break;
        }
        items.add(e.getValue());
      }
      return new ListResult(items, atRevision != 0 ? atRevision : progress, false);
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

  /** The current version of {@code key} as the cache holds it. */
  Optional<KeyValue> get(String key) {
    synchronized (lock) {
      return Optional.ofNullable(state.get(key));
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
    return watch(under, after, listener, false);
  }

  /**
   * Watches as {@link #watch(String, long, WatchListener)} does; a {@code direct} listener is
   * called by the cache itself as it applies each change, with no queue and no thread of its own
   * ({@link WatchHub#subscribeDirect}): for listeners that never block.
   */
  Watch watch(String under, long after, WatchListener listener, boolean direct) {
    synchronized (lock) {
      if (after < floor) {
        return store.watch(under, after, listener);
      }
      if (direct) {
        for (WatchEvent e : recent) {
          if (e.revision() > after && e.key().startsWith(under)) {
            listener.onEvent(e);
          }
        }
        return hub.subscribeDirect(under, listener);
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
