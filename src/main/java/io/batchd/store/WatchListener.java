package io.batchd.store;

/**
 * Receives the events of one watch. Calls for one watch never overlap and come in revision order.
 */
public interface WatchListener {

  void onEvent(WatchEvent event);

  /**
   * Whether the watch should also be told how far the store has got ({@link #onProgress}). Only
   * backends that publish their own commits (the embedded store) tell it.
   */
  default boolean wantsProgress() {
    return false;
  }

  /**
   * Every change up to {@code revision}, under any prefix, has been committed and every one under
   * this watch's prefix delivered: a cache fed by the watch is current as of {@code revision}.
   */
  default void onProgress(long revision) {}

  /**
   * The watch ended because of {@code error} (for example a {@link CompactedException} when the
   * start revision is no longer available, or a {@link WatchTooSlowException}). No event follows.
   */
  void onError(StoreException error);
}
