package io.batchd.store;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one watch's events to its listener on a virtual thread of its own, in revision order,
 * never twice and never after close.
 *
 * <p>Writers {@link #offer} events without blocking: a watcher that falls more than {@code
 * capacity} events behind is dropped with a {@link WatchTooSlowException} once the events already
 * queued have been delivered, so that its client can resume from the last revision it saw. Events
 * at or below the last delivered revision are skipped, which lets a backend replay history and
 * subscribe to live events at the same time without delivering an event twice.
 */
public final class WatchStream implements Watch {
  private static final Logger log = LoggerFactory.getLogger(WatchStream.class);
  private static final Object CLOSE = new Object();

  /** A progress notice in the queue: everything up to {@code revision} was queued before it. */
  private record Progress(long revision) {}

  /** Produces the history a watch starts with; it hands events to {@code sink} in order. */
  @FunctionalInterface
  public interface Replay {
    void run(Consumer<WatchEvent> sink);
  }

  private final WatchListener listener;
  private final int capacity;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  /** False once the stream takes no more events: closed, failed or overflowed. */
  private volatile boolean accepting = true;

  /** True once the owner closed the watch: nothing more reaches the listener. */
  private volatile boolean stopped;

  private long lastDelivered;

  /** The revision of the last live event queued. */
  private volatile long lastOffered;

  public WatchStream(WatchListener listener, long afterRevision, int capacity) {
    this.listener = listener;
    this.lastDelivered = afterRevision;
    this.capacity = capacity;
  }

  /**
   * Queues a live event. Returns false once the stream no longer takes events (closed, failed or
   * overflowed), so the publisher can forget it.
   */
  public boolean offer(WatchEvent event) {
    if (!accepting) {
      return false;
    }
    if (queued.incrementAndGet() > capacity) {
      fail(new WatchTooSlowException(capacity));
      return false;
    }
    lastOffered = event.revision();
    queue.add(event);
    return true;
  }

  /** The revision of the last live event queued, 0 before the first. */
  public long lastOffered() {
    return lastOffered;
  }

  /** Whether the listener asked for progress notices. */
  public boolean wantsProgress() {
    return listener.wantsProgress();
  }

  /**
   * Queues a progress notice: every change up to {@code revision} has been offered. It reaches the
   * listener after the events queued before it; it does not count against the capacity.
   */
  public void offerProgress(long revision) {
    if (accepting) {
      queue.add(new Progress(revision));
    }
  }

  /** Ends the watch with {@code error}, delivered after the events already queued. */
  public void fail(StoreException error) {
    if (!accepting) {
      return;
    }
    accepting = false;
    queue.add(error);
  }

  /** Starts delivery: {@code replay} first, then the live events. */
  public WatchStream start(String name, Replay replay) {
    return start(name, replay, 0);
  }

  /**
   * Starts delivery as {@link #start(String, Replay)}, and tells a listener that wants progress
   * that every change up to {@code replayedUpTo} has reached it as soon as the replay is done: the
   * history holds every change up to it, and later ones come live. Without that notice, a watch
   * started on an idle store learned it was current only at the next commit.
   */
  public WatchStream start(String name, Replay replay, long replayedUpTo) {
    Thread.ofVirtual().name("watch-" + name).start(() -> run(replay, replayedUpTo));
    return this;
  }

  @Override
  public void close() {
    accepting = false;
    stopped = true;
    queue.add(CLOSE);
  }

  private void run(Replay replay, long replayedUpTo) {
    try {
      replay.run(this::deliver);
      if (replayedUpTo > 0 && listener.wantsProgress() && !stopped) {
        listener.onProgress(replayedUpTo);
      }
      while (true) {
        Object next = queue.take();
        if (next == CLOSE) {
          return;
        }
        if (next instanceof Progress progress) {
          if (!stopped) {
            listener.onProgress(progress.revision());
          }
          continue;
        }
        if (next instanceof StoreException error) {
          if (!stopped) {
            listener.onError(error);
          }
          return;
        }
        queued.decrementAndGet();
        deliver((WatchEvent) next);
      }
    } catch (StoreException e) {
      accepting = false;
      if (!stopped) {
        listener.onError(e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // A listener that throws ends its own watch; the store and other watchers carry on.
      accepting = false;
      stopped = true;
      log.warn("watch listener failed; closing the watch", e);
    }
  }

  private void deliver(WatchEvent event) {
    if (event.revision() <= lastDelivered || stopped) {
      return;
    }
    lastDelivered = event.revision();
    listener.onEvent(event);
  }
}
