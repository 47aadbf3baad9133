package io.batchd.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans committed events out to the watches of one process. A backend that is the only writer of its
 * data (the embedded SQLite store) publishes right after each commit, so watches need no polling
 * and see no gaps.
 */
public final class WatchHub {

  private record Subscription(String prefix, WatchStream stream) {}

  private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  /**
   * Registers {@code stream} for live events under {@code prefix}. Closing the returned watch
   * closes the stream and forgets it.
   */
  public Watch subscribe(String prefix, WatchStream stream) {
    Subscription subscription = new Subscription(prefix, stream);
    subscriptions.add(subscription);
    return () -> {
      subscriptions.remove(subscription);
      stream.close();
    };
  }

  /**
   * Hands committed events, in revision order, to every matching watch, and tells the watches that
   * want it that everything up to the last of them was handed out.
   */
  public void publish(List<WatchEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    long last = events.get(events.size() - 1).revision();
    for (Subscription s : subscriptions) {
      boolean open = true;
      for (WatchEvent e : events) {
        if (e.key().startsWith(s.prefix()) && !s.stream().offer(e)) {
          subscriptions.remove(s);
          open = false;
          break;
        }
      }
      if (open && s.stream().wantsProgress()) {
        s.stream().offerProgress(last);
      }
    }
  }

  /** Ends every watch with {@code error}, for example when the store closes. */
  public void failAll(StoreException error) {
    for (Subscription s : subscriptions) {
      s.stream().fail(error);
    }
    subscriptions.clear();
  }

  /** Number of registered watches, for metrics and tests. */
  public int size() {
    return subscriptions.size();
  }
}
