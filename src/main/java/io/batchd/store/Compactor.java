package io.batchd.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps history bounded the way kube-apiserver does: at every tick, compact to the revision seen at
 * the previous tick, so that between one and two intervals of history stay available to watchers
 * and paged lists.
 */
public final class Compactor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Compactor.class);

  private final Store store;
  private final ScheduledExecutorService timer;
  private long revisionAtLastTick;

  public Compactor(Store store, Duration interval) {
    this.store = store;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("store-compactor").daemon().factory());
    long millis = interval.toMillis();
    timer.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Compacts to the revision seen at the previous tick and remembers the current one. */
  void tick() {
    try {
      long target = revisionAtLastTick;
      revisionAtLastTick = store.currentRevision();
      if (target > 0) {
        store.compact(target);
        log.debug("compacted the store to revision {}", target);
      }
    } catch (StoreException e) {
      log.warn("store compaction failed; will retry at the next interval: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
