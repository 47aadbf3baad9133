package io.batchd.store;

/**
 * Receives the events of one watch. Calls for one watch never overlap and come in revision order.
 */
public interface WatchListener {

  void onEvent(WatchEvent event);

  /**
   * The watch ended because of {@code error} (for example a {@link CompactedException} when the
   * start revision is no longer available, or a {@link WatchTooSlowException}). No event follows.
   */
  void onError(StoreException error);
}
