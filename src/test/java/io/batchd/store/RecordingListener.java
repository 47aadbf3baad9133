package io.batchd.store;

import java.util.ArrayList;
import java.util.List;

/** Collects what a watch delivers, for assertions. */
final class RecordingListener implements WatchListener {
  private final List<WatchEvent> events = new ArrayList<>();
  private StoreException error;
  private volatile boolean overlapping;
  private final java.util.concurrent.atomic.AtomicBoolean inCall =
      new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public void onEvent(WatchEvent event) {
    enter();
    synchronized (this) {
      events.add(event);
    }
    inCall.set(false);
  }

  @Override
  public void onError(StoreException e) {
    enter();
    synchronized (this) {
      error = e;
    }
    inCall.set(false);
  }

  private void enter() {
    if (!inCall.compareAndSet(false, true)) {
      overlapping = true;
    }
  }

  synchronized List<WatchEvent> events() {
    return List.copyOf(events);
  }

  synchronized List<Long> revisions() {
    return events.stream().map(WatchEvent::revision).toList();
  }

  synchronized int size() {
    return events.size();
  }

  synchronized StoreException error() {
    return error;
  }

  /** True if two calls ever ran at once, which the contract forbids. */
  boolean sawOverlappingCalls() {
    return overlapping;
  }

  static List<Long> range(long fromInclusive, long toInclusive) {
    List<Long> out = new ArrayList<>();
    for (long r = fromInclusive; r <= toInclusive; r++) {
      out.add(r);
    }
    return out;
  }
}
