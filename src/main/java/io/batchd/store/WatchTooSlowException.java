package io.batchd.store;

/**
 * A watcher fell too far behind the writers and was dropped, so that one slow reader cannot hold
 * unbounded memory. The watcher resumes by watching again from the last revision it saw.
 */
public class WatchTooSlowException extends StoreException {

  public WatchTooSlowException(int bufferedEvents) {
    super("watcher fell behind by more than " + bufferedEvents + " events and was closed");
  }
}
