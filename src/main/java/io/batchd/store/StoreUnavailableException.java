package io.batchd.store;

/** The backend failed for a reason the caller did not cause: I/O, a lost etcd connection. */
public class StoreUnavailableException extends StoreException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
