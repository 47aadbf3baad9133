package io.batchd.store;

/** Rules for store keys shared by every backend. */
public final class Keys {

  /**
   * The largest value any backend accepts: etcd's default request limit of 1.5 MiB less room for
   * the key and the transaction around it, so that data the embedded store takes always fits etcd.
   */
  public static final int MAX_VALUE_BYTES = 1536 * 1024 - 4096;

  private Keys() {}

  /** Checks {@code value} against {@link #MAX_VALUE_BYTES}. */
  public static byte[] requireValidValue(String key, byte[] value) {
    if (value.length > MAX_VALUE_BYTES) {
      throw new ValueTooLargeException(key, value.length);
    }
    return value;
  }

  /**
   * Checks that {@code key} is a non-empty string of printable ASCII. Backends order keys by their
   * bytes, so restricting keys to ASCII keeps that order equal to Java's string order.
   */
  public static String requireValid(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("store key must not be empty");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "store key must be printable ASCII, found character 0x"
                + Integer.toHexString(c)
                + " in "
                + key);
      }
    }
    return key;
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}: the exclusive end of
   * the prefix's range.
   */
  public static String prefixEnd(String prefix) {
    requireValid(prefix);
    char last = prefix.charAt(prefix.length() - 1);
    return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
  }
}
