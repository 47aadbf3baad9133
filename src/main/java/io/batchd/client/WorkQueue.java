package io.batchd.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The keys of objects that need a sync, as controllers queue them: a key waits in the queue at most
 * once however often it is added, and is never handed to two workers at once — a key added while a
 * worker holds it is queued again when the worker is {@link #done}. Failed keys come back after a
 * delay that doubles per failure until {@link #forget}.
 */
public final class WorkQueue<K> implements AutoCloseable {
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final ArrayDeque<K> queue = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private final ScheduledExecutorService timers;
  private boolean shutDown;

  public WorkQueue(String name, Duration baseDelay, Duration maxDelay) {
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("workqueue-" + name).factory());
  }

  public synchronized void add(K key) {
    if (shutDown || !dirty.add(key)) {
      return;
    }
    if (!processing.contains(key)) {
      queue.addLast(key);
      notifyAll();
    }
  }

  public void addAfter(K key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    synchronized (this) {
      if (shutDown) {
        return;
      }
    }
    timers.schedule(() -> add(key), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Adds the key again after its next backoff delay. */
  public void addRateLimited(K key) {
    int n;
    synchronized (this) {
      n = failures.merge(key, 1, Integer::sum);
    }
    long nanos = baseDelay.toNanos() << Math.min(n - 1, 40);
    addAfter(
        key, Duration.ofNanos(Math.min(nanos < 0 ? Long.MAX_VALUE : nanos, maxDelay.toNanos())));
  }

  /** Clears the key's failure count after a successful sync. */
  public synchronized void forget(K key) {
    failures.remove(key);
  }

  /** Waits for a key and hands it to the caller, who must call {@link #done} with it. */
  public synchronized Optional<K> take() throws InterruptedException {
    while (queue.isEmpty() && !shutDown) {
      wait();
    }
    if (queue.isEmpty()) {
      return Optional.empty();
    }
    K key = queue.removeFirst();
    dirty.remove(key);
    processing.add(key);
    return Optional.of(key);
  }

  public synchronized void done(K key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      queue.addLast(key);
      notifyAll();
    }
  }

  /** How a worker syncs one key; true asks to look at the key again after its backoff. */
  @FunctionalInterface
  public interface Sync<K> {
    boolean sync(K key);
  }

  /**
   * A worker's loop, until the queue is closed: takes a key, syncs it, forgets its failures when
   * the sync is done with it, and brings it back after its backoff when the sync asks for another
   * look or throws ({@code onFailure} hears of the exception first).
   */
  public void work(Sync<K> sync, java.util.function.BiConsumer<K, RuntimeException> onFailure) {
    while (true) {
      Optional<K> next;
      try {
        next = take();
      } catch (InterruptedException e) {
        return;
      }
      if (next.isEmpty()) {
        return;
      }
      K key = next.get();
      try {
        if (sync.sync(key)) {
          addRateLimited(key);
        } else {
          forget(key);
        }
      } catch (RuntimeException e) {
        onFailure.accept(key, e);
        addRateLimited(key);
      } finally {
        done(key);
      }
    }
  }

  public synchronized int length() {
    return queue.size();
  }

  @Override
  public synchronized void close() {
    shutDown = true;
    timers.shutdownNow();
    notifyAll();
  }
}
