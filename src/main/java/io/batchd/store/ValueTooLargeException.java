package io.batchd.store;

/** A value exceeds {@link Keys#MAX_VALUE_BYTES}, the limit shared by every backend. */
public class ValueTooLargeException extends StoreException {

  public ValueTooLargeException(String key, int size) {
    super(
        "value of "
            + key
            + " is "
            + size
            + " bytes; the limit is "
            + Keys.MAX_VALUE_BYTES
            + " bytes");
  }
}
