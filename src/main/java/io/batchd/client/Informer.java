package io.batchd.client;

import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local copy of one resource kept current by list and watch, with handlers told of each change:
 * what controllers and agents read instead of asking the server each time. After a watch ends
 * normally it watches again from the last version seen; after 410 Expired or an error it lists
 * again and tells the handlers only what differs from its copy.
 */
public final class Informer<T extends HasMetadata> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Informer.class);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final ResourceClient<T> client;
  private final String namespace;
  private final Selectors selectors;
  private final String name;
  private final UnaryOperator<T> transform;
  private final Map<String, T> objects = new ConcurrentHashMap<>();
  private final List<InformerHandler<T>> handlers = new CopyOnWriteArrayList<>();
  private final CountDownLatch synced = new CountDownLatch(1);
  private final BlockingQueue<Signal<T>> signals = new LinkedBlockingQueue<>();

  /**
   * Held while handlers are told of changes, so that a handler added to a running informer (a
   * shared one: {@link SharedInformers}) is first told of every object the informer holds, then of
   * each later change, with nothing missed or told twice.
   */
  private final ReentrantLock dispatch = new ReentrantLock();

  private volatile boolean running;
  private volatile Thread thread;

  /**
   * @param namespace the namespace to watch, or null for all
   * @param name what the informer is for, in thread names and logs
   */
  public Informer(ResourceClient<T> client, String namespace, Selectors selectors, String name) {
    this(client, namespace, selectors, name, UnaryOperator.identity());
  }

  /**
   * @param transform applied to each object as it arrives, before it is kept (such as dropping what
   *     no handler reads); it may change the object, which is the informer's own copy
   */
  public Informer(
      ResourceClient<T> client,
      String namespace,
      Selectors selectors,
      String name,
      UnaryOperator<T> transform) {
    this.client = client;
    this.namespace = namespace;
    this.selectors = selectors;
    this.name = name;
    this.transform = transform;
  }

  /**
   * Adds a handler. One added to a running informer is first told of every object it holds as an
   * add, as upstream's shared informers do for a late handler.
   */
  public Informer<T> addHandler(InformerHandler<T> handler) {
    dispatch.lock();
    try {
      handlers.add(handler);
      for (T object : objects.values()) {
        handler.onAdd(object);
      }
    } finally {
      dispatch.unlock();
    }
    return this;
  }

  /**
   * Starts listing and watching; a second call does nothing (a shared informer is started once).
   */
  public synchronized Informer<T> start() {
    if (thread != null) {
      return this;
    }
    running = true;
    thread = Thread.ofVirtual().name("informer-" + name).start(this::run);
    return this;
  }

  /** Whether the first list has been delivered to the handlers. */
  public boolean hasSynced() {
    return synced.getCount() == 0;
  }

  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Optional<T> get(String namespace, String name) {
    return Optional.ofNullable(objects.get(key(namespace, name)));
  }

  public List<T> list() {
    return new ArrayList<>(objects.values());
  }

  public List<T> list(Predicate<T> filter) {
    return objects.values().stream().filter(filter).toList();
  }

  public static String key(HasMetadata object) {
    return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  public static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void run() {
    while (running) {
      try {
        String resourceVersion = relist();
        watchFrom(resourceVersion);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("informer {}: {}; listing again in {}", name, e.getMessage(), RETRY_DELAY);
        try {
          Thread.sleep(RETRY_DELAY);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** Lists and tells the handlers what differs from the local copy; returns the list version. */
  private String relist() {
    Listing<T> listing = client.list(namespace, selectors);
    List<T> items = new ArrayList<>(listing.items().size());
    for (T object : listing.items()) {
      items.add(transform.apply(object));
    }
    Map<String, T> seen = new HashMap<>();
    for (T object : items) {
      seen.put(key(object), object);
    }
    dispatch.lock();
    try {
      for (Map.Entry<String, T> known : new ArrayList<>(objects.entrySet())) {
        if (!seen.containsKey(known.getKey())) {
          objects.remove(known.getKey());
          handlers.forEach(h -> h.onDelete(known.getValue()));
        }
      }
      for (T object : items) {
        apply(object);
      }
    } finally {
      dispatch.unlock();
    }
    synced.countDown();
    return listing.resourceVersion();
  }

  /** Watches until the watch must be replaced by a list; rewatches after a normal close. */
  private void watchFrom(String resourceVersion) throws InterruptedException {
    String version = resourceVersion;
    while (running) {
      signals.clear();
      Subscription subscription =
          client.watch(
              namespace,
              selectors,
              version,
              new WatchHandler<>() {
                @Override
                public void onEvent(EventType type, T object) {
                  signals.add(new Signal<>(type, transform.apply(object), null, null, false));
                }

                @Override
                public void onBookmark(String resourceVersion) {
                  signals.add(new Signal<>(null, null, resourceVersion, null, false));
                }

                @Override
                public void onClosed(StatusException error) {
                  signals.add(new Signal<>(null, null, null, error, true));
                }
              });
      try {
        while (true) {
          Signal<T> signal = signals.take();
          if (signal.closed()) {
            if (signal.error() != null) {
              log.debug("informer {}: watch ended: {}", name, signal.error().getMessage());
              return; // list again
            }
            break; // watch again from the last version seen
          }
          if (signal.bookmark() != null) {
            version = signal.bookmark();
            continue;
          }
          version = signal.object().getMetadata().getResourceVersion();
          dispatch.lock();
          try {
            if (signal.type() == WatchHandler.EventType.DELETED) {
              objects.remove(key(signal.object()));
              handlers.forEach(h -> h.onDelete(signal.object()));
            } else {
              apply(signal.object());
            }
          } finally {
            dispatch.unlock();
          }
        }
      } finally {
        subscription.close();
      }
    }
  }

  private void apply(T object) {
    T old = objects.put(key(object), object);
    if (old == null) {
      handlers.forEach(h -> h.onAdd(object));
    } else if (!old.getMetadata()
        .getResourceVersion()
        .equals(object.getMetadata().getResourceVersion())) {
      handlers.forEach(h -> h.onUpdate(old, object));
    }
  }

  private record Signal<T>(
      WatchHandler.EventType type,
      T object,
      String bookmark,
      StatusException error,
      boolean closed) {}
}
