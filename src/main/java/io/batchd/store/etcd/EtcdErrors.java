package io.batchd.store.etcd;

import io.batchd.store.CompactedException;
import io.batchd.store.FutureRevisionException;
import io.batchd.store.StoreException;
import io.batchd.store.StoreUnavailableException;
import java.util.function.LongSupplier;

/** Maps etcd's errors onto the store's, so that both backends fail the same way. */
final class EtcdErrors {
  private EtcdErrors() {}

  static StoreException translate(
      Throwable error, long requestedRevision, LongSupplier currentRevision) {
    if (error instanceof io.etcd.jetcd.common.exception.CompactedException compacted) {
      return new CompactedException(requestedRevision, compacted.getCompactedRevision());
    }
    String message = String.valueOf(error.getMessage());
    if (message.contains("required revision has been compacted")) {
      return new CompactedException(requestedRevision, -1);
    }
    if (message.contains("required revision is a future revision")) {
      return new FutureRevisionException(requestedRevision, currentRevision.getAsLong());
    }
    return new StoreUnavailableException("etcd request failed: " + message, error);
  }
}
