package io.batchd.registry;

import io.batchd.api.errors.StatusException;

/** Receives the events of one registry watch, one call at a time. */
public interface ObjectWatcher<T> {

  /** An ADDED, MODIFIED or DELETED event. */
  void onEvent(String type, T object);

  /**
   * Whether this watcher is sent events as JSON ({@link #onEventJson}) instead of objects: a watch
   * served to a client in JSON, whose events are then encoded once for all such watchers.
   */
  default boolean takesJson() {
    return false;
  }

  /**
   * An ADDED, MODIFIED or DELETED event as the JSON a client is sent, {@code
   * {"type":"...","object":{...}}}; called instead of {@link #onEvent} when {@link #takesJson}. The
   * array is shared: it must not be changed. It may be called on the thread that applies changes to
   * the watch cache, so it must not block: hand the bytes to a non-blocking writer.
   */
  default void onEventJson(byte[] event) {
    throw new UnsupportedOperationException("this watcher takes objects");
  }

  /**
   * A BOOKMARK: the watch has seen everything up to {@code resourceVersion}. {@code
   * initialEventsEnd} marks the end of the initial events a client asked for.
   */
  void onBookmark(String resourceVersion, boolean initialEventsEnd);

  /** The watch ended with an error (for example 410 Expired); nothing follows. */
  void onError(StatusException error);

  /**
   * The server ended the watch without an error, as kube-apiserver does with a watcher that fell
   * too far behind: the client watches again from the last resourceVersion it saw.
   */
  void onClosed();
}
