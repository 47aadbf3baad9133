package io.batchd.store;

/** A create found the key already live. */
public class KeyExistsException extends StoreException {
  private final String key;

  public KeyExistsException(String key) {
    super("key already exists: " + key);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
