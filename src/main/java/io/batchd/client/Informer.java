package io.batchd.client;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /** Objects per page of a list, as upstream's reflector asks for. */
  static final int LIST_PAGE = 500;

  private final ResourceClient<T> client;
  private final String namespace;
  private final Selectors selectors;
  private final String name;
  private final UnaryOperator<T> transform;
  private final Packing<T> packing;

  /** By key: the object, or its {@link Packed} form when {@link #packing} chose it. */
  private final Map<String, Object> objects = new ConcurrentHashMap<>();

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
    this(client, namespace, selectors, name, transform, Packing.none());
  }

  /**
   * @param packing which objects are kept encoded rather than decoded (read back on each use)
   */
  public Informer(
      ResourceClient<T> client,
      String namespace,
      Selectors selectors,
      String name,
      UnaryOperator<T> transform,
      Packing<T> packing) {
    this.client = client;
    this.namespace = namespace;
    this.selectors = selectors;
    this.name = name;
    this.transform = transform;
    this.packing = packing;
  }

  /**
   * Which objects an informer keeps as their JSON instead of decoded, and their class to read them
   * back. A decoded fabric8 object costs several times its JSON in heap: a server holding 100,000
   * finished Jobs keeps them packed, and reads one back only when a controller asks for it.
   */
  public record Packing<T>(Predicate<T> when, Class<T> type) {
    public static <T> Packing<T> none() {
      return new Packing<>(object -> false, null);
    }
  }

  /**
   * An object kept as its JSON; its resourceVersion at hand to compare versions without reading.
   */
  private record Packed(byte[] json, String resourceVersion) {}

  /**
   * Adds a handler. One added to a running informer is first told of every object it holds as an
   * add, as upstream's shared informers do for a late handler.
   */
  public Informer<T> addHandler(InformerHandler<T> handler) {
    dispatch.lock();
    try {
      handlers.add(handler);
      for (Object held : objects.values()) {
        handler.onAdd(unpacked(held));
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
    // A platform thread: a list of 100,000 objects decodes for many seconds, and a virtual thread
    // doing that would hold one of the few carrier threads the API's requests are served on.
    thread = Thread.ofPlatform().daemon().name("informer-" + name).start(this::run);
    return this;
  }

  /** Whether the first list has been delivered to the handlers. */
  public boolean hasSynced() {
    return synced.getCount() == 0;
  }

  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The object, read back if it is kept packed (then the caller has a copy of its own). */
  public Optional<T> get(String namespace, String name) {
    return Optional.ofNullable(objects.get(key(namespace, name))).map(this::unpacked);
  }

  /** Every object, packed ones read back. */
  public List<T> list() {
    List<T> all = new ArrayList<>(objects.size());
    for (Object held : objects.values()) {
      all.add(unpacked(held));
    }
    return all;
  }

  /** The objects that pass {@code filter}, packed ones read back to be tested. */
  public List<T> list(Predicate<T> filter) {
    return list().stream().filter(filter).toList();
  }

  /**
   * The objects kept decoded that pass {@code filter}, without reading back the packed ones: for a
   * controller that has no use for what the packing chose (a finished Job), at no decoding cost.
   */
  @SuppressWarnings("unchecked")
  public List<T> listUnpacked(Predicate<T> filter) {
    List<T> result = new ArrayList<>();
    for (Object held : objects.values()) {
      if (!(held instanceof Packed) && filter.test((T) held)) {
        result.add((T) held);
      }
    }
    return result;
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

  /**
   * Lists and tells the handlers what differs from the local copy; returns the list version. In
   * pages, as upstream's reflector lists: each page is decoded, reduced to its cached form and told
   * to the handlers before the next is read, so that a list of 100,000 objects never holds them all
   * decoded in full (nor all their stored bytes) at once. Objects gone since the last list are told
   * as deletions once every page has been read.
   */
  private String relist() {
    Set<String> seen = new HashSet<>();
    String resourceVersion;
    String next = null;
    do {
      Listing<T> page = client.listPage(namespace, selectors, LIST_PAGE, next);
      dispatch.lock();
      try {
        for (T object : page.items()) {
          T cached = transform.apply(object);
          seen.add(key(cached));
          apply(cached);
        }
      } finally {
        dispatch.unlock();
      }
      resourceVersion = page.resourceVersion();
      next = page.continueToken();
    } while (next != null);
    dispatch.lock();
    try {
      for (Map.Entry<String, Object> known : new ArrayList<>(objects.entrySet())) {
        if (!seen.contains(known.getKey())) {
          objects.remove(known.getKey());
          T gone = unpacked(known.getValue());
          handlers.forEach(h -> h.onDelete(gone));
        }
      }
    } finally {
      dispatch.unlock();
    }
    synced.countDown();
    return resourceVersion;
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
    String version = object.getMetadata().getResourceVersion();
    Object old =
        objects.put(
            key(object),
            packing.when().test(object)
                ? new Packed(Codecs.JSON.writeValueAsBytes(object), version)
                : object);
    if (old == null) {
      handlers.forEach(h -> h.onAdd(object));
    } else if (!version.equals(versionOf(old))) {
      T before = unpacked(old);
      handlers.forEach(h -> h.onUpdate(before, object));
    }
  }

  @SuppressWarnings("unchecked")
  private T unpacked(Object held) {
    if (held instanceof Packed packed) {
      return Codecs.JSON.readValue(packed.json(), packing.type());
    }
    return (T) held;
  }

  private static String versionOf(Object held) {
    return held instanceof Packed packed
        ? packed.resourceVersion()
        : ((HasMetadata) held).getMetadata().getResourceVersion();
  }

  private record Signal<T>(
      WatchHandler.EventType type,
      T object,
      String bookmark,
      StatusException error,
      boolean closed) {}
}
