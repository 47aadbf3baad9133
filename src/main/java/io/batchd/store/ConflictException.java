package io.batchd.store;

/**
 * An update or delete expected a mod revision that is no longer the key's latest. Carries the
 * current version so the caller can retry without another read.
 */
public class ConflictException extends StoreException {
  private final transient KeyValue current;
  private final long expectedModRevision;

  public ConflictException(KeyValue current, long expectedModRevision) {
    super(
        "key "
            + current.key()
            + " was modified at revision "
            + current.modRevision()
            + ", expected revision "
            + expectedModRevision);
    this.current = current;
    this.expectedModRevision = expectedModRevision;
  }

  public KeyValue current() {
    return current;
  }

  public long expectedModRevision() {
    return expectedModRevision;
  }
}
