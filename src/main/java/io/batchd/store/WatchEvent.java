package io.batchd.store;

/**
 * A change to one key, delivered to watchers in revision order.
 *
 * @param type what happened
 * @param key the key that changed
 * @param revision the revision of the write
 * @param current the new version; {@code null} for {@link Type#DELETED}
 * @param previous the version before the write; {@code null} for {@link Type#ADDED}
 */
public record WatchEvent(
    Type type, String key, long revision, KeyValue current, KeyValue previous) {

  /** The kinds of change, named as Kubernetes watch events are. */
  public enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }

  public static WatchEvent added(KeyValue current) {
    return new WatchEvent(Type.ADDED, current.key(), current.modRevision(), current, null);
  }

  public static WatchEvent modified(KeyValue current, KeyValue previous) {
    return new WatchEvent(Type.MODIFIED, current.key(), current.modRevision(), current, previous);
  }

  public static WatchEvent deleted(String key, long revision, KeyValue previous) {
    return new WatchEvent(Type.DELETED, key, revision, null, previous);
  }
}
