package io.batchd.store;

/** A read asked for a revision newer than the store's current revision. */
public class FutureRevisionException extends StoreException {
  private final long requestedRevision;
  private final long currentRevision;

  public FutureRevisionException(long requestedRevision, long currentRevision) {
    super(
        "revision " + requestedRevision + " is newer than the current revision " + currentRevision);
    this.requestedRevision = requestedRevision;
    this.currentRevision = currentRevision;
  }

  public long requestedRevision() {
    return requestedRevision;
  }

  public long currentRevision() {
    return currentRevision;
  }
}
