package io.batchd.store;

/**
 * A read or watch asked for a revision older than the oldest one kept. The API turns this into 410
 * Gone, after which clients list again.
 */
public class CompactedException extends StoreException {
  private final long requestedRevision;
  private final long compactRevision;

  public CompactedException(long requestedRevision, long compactRevision) {
    super(
        "revision "
            + requestedRevision
            + " has been compacted; the oldest available revision is "
            + compactRevision);
    this.requestedRevision = requestedRevision;
    this.compactRevision = compactRevision;
  }

  public long requestedRevision() {
    return requestedRevision;
  }

  public long compactRevision() {
    return compactRevision;
  }
}
