package io.batchd.client;

import io.batchd.api.errors.StatusException;

/** Receives the events of one watch, one call at a time. */
public interface WatchHandler<T> {

  /** An ADDED, MODIFIED or DELETED event. */
  void onEvent(EventType type, T object);

  /** The watch has seen everything up to {@code resourceVersion}. */
  default void onBookmark(String resourceVersion) {}

  /**
   * The watch ended; nothing follows. {@code error} is null when the server closed it normally (the
   * client watches again from the last version it saw), or the reason, such as 410 Expired (the
   * client lists again).
   */
  void onClosed(StatusException error);

  enum EventType {
    ADDED,
    MODIFIED,
    DELETED
  }
}
