package io.batchd.store;

/** Base of every error the store reports. Unchecked: callers decide which ones they handle. */
public class StoreException extends RuntimeException {

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
