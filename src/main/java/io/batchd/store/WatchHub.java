package io.batchd.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans committed events out to the watches of one process. A backend that is the only writer of its
 * data (the embedded SQLite store) publishes right after each commit, so watches need no polling
 * and see no gaps.
 */
public final class WatchHub {

  /** A watch: events go to its stream's queue, or straight to a direct listener. */
  private record Subscription(String prefix, WatchStream stream, WatchListener direct) {}

  private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  /** The revision of the last event published (every event up to it handed to every watch). */
  private volatile long published;

  /**
   * Registers {@code stream} for live events under {@code prefix}. Closing the returned watch
   * closes the stream and forgets it.
   */
  public Watch subscribe(String prefix, WatchStream stream) {
    Subscription subscription = new Subscription(prefix, stream, null);
    subscriptions.add(subscription);
    return new Watch() {
      @Override
      public void close() {
        subscriptions.remove(subscription);
        stream.close();
      }

      @Override
      public Offered offered() {
        // In this order: every event up to the published revision was offered before it was set.
        long upTo = published;
        return new Offered(upTo, stream.lastOffered());
      }
    };
  }

  /**
   * Registers {@code listener} to be called with live events under {@code prefix} by the publisher
   * itself, in order, with no queue and no thread of its own: for listeners that never block (they
   * hand the event to a non-blocking writer), so that a thousand of them cost no thousand thread
   * switches per event. A listener that throws is dropped and told so through {@link
   * WatchListener#onError}.
   */
  public Watch subscribeDirect(String prefix, WatchListener listener) {
    Subscription subscription = new Subscription(prefix, null, listener);
    subscriptions.add(subscription);
    return () -> subscriptions.remove(subscription);
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
      if (s.direct() != null) {
        publishDirect(s, events);
        continue;
      }
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
    published = last;
  }

  private void publishDirect(Subscription s, List<WatchEvent> events) {
    try {
      for (WatchEvent e : events) {
        if (e.key().startsWith(s.prefix())) {
          s.direct().onEvent(e);
        }
      }
    } catch (RuntimeException e) {
      subscriptions.remove(s);
      s.direct().onError(new StoreUnavailableException("watch listener failed: " + e, e));
    }
  }

  /** Ends every watch with {@code error}, for example when the store closes. */
  public void failAll(StoreException error) {
    for (Subscription s : subscriptions) {
      if (s.direct() != null) {
        s.direct().onError(error);
      } else {
        s.stream().fail(error);
      }
    }
    subscriptions.clear();
  }

  /** Number of registered watches, for metrics and tests. */
  public int size() {
    return subscriptions.size();
  }
}
