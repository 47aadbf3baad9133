package io.batchd.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One version of one key, as the store holds it.
 *
 * @param key the full key, such as {@code /registry/batch/jobs/default/pi}
 * @param value the stored bytes (the registry keeps serialized objects here)
 * @param createRevision the revision at which this incarnation of the key was created
 * @param modRevision the revision of the write that produced this version
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {

  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue other
        && key.equals(other.key)
        && Arrays.equals(value, other.value)
        && createRevision == other.createRevision
        && modRevision == other.modRevision;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(value), createRevision, modRevision);
  }

  @Override
  public String toString() {
    return "KeyValue[" + key + " create=" + createRevision + " mod=" + modRevision + "]";
  }
}
