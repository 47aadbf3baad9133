package io.batchd.store;

/** A running watch; closing it stops delivery. Closing twice is harmless. */
public interface Watch extends AutoCloseable {

  @Override
  void close();

  /**
   * How far live events have been handed to this watch, for backends that publish their own commits
   * (the embedded store hands each commit's events out before it acknowledges the write); null
   * where it is not known. A listener that has received {@link Offered#lastEvent} has every change
   * under its prefix up to {@link Offered#upTo}, and so every one acknowledged before the call.
   */
  default Offered offered() {
    return null;
  }

  /**
   * @param upTo every change under the watch's prefix up to this revision has been handed out
   * @param lastEvent the revision of the last event handed out (0 before the first)
   */
  record Offered(long upTo, long lastEvent) {}
}
