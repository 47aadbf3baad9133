package io.batchd.store;

/** An update or delete found no live key. */
public class KeyNotFoundException extends StoreException {
  private final String key;

  public KeyNotFoundException(String key) {
    super("key not found: " + key);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
