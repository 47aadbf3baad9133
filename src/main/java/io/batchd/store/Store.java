package io.batchd.store;

import java.util.Optional;

/**
 * A multi-version key/value store with etcd's semantics, the ground the API registry stands on.
 *
 * <p>Every write increments one global revision. Each key keeps the revision it was created at and
 * the revision of its latest write. Updates and deletes are compare-and-swap on the expected mod
 * revision: a stale revision is a {@link ConflictException}, never a silent overwrite. Watches
 * deliver every change after a revision, in revision order, with the previous value. History older
 * than the compaction point is gone: reading or watching it is a {@link CompactedException}.
 *
 * <p>Keys are printable ASCII (the registry builds them from DNS names), such as {@code
 * /registry/batch/jobs/default/pi}. Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {

  /**
   * Creates {@code key}.
   *
   * @return the new version
   * @throws KeyExistsException if the key is live
   */
  KeyValue create(String key, byte[] value);

  /** The latest version of {@code key}, or empty when it does not exist. */
  Optional<KeyValue> get(String key);

  /**
   * The version of {@code key} that was live at {@code revision}.
   *
   * @throws CompactedException if {@code revision} has been compacted
   * @throws FutureRevisionException if {@code revision} is newer than the current revision
   */
  Optional<KeyValue> get(String key, long revision);

  /**
   * Live keys starting with {@code prefix}, in key order, read at one revision.
   *
   * @throws CompactedException if the requested revision has been compacted
   * @throws FutureRevisionException if the requested revision is newer than the current revision
   */
  ListResult list(String prefix, ListOptions options);

  /** The number of live keys starting with {@code prefix}, at the latest revision. */
  long count(String prefix);

  /**
   * Replaces the value of {@code key} if its latest mod revision is {@code expectedModRevision}.
   *
   * @return the new version
   * @throws KeyNotFoundException if the key is not live
   * @throws ConflictException if the key was modified since {@code expectedModRevision}
   */
  KeyValue update(String key, byte[] value, long expectedModRevision);

  /**
   * Deletes {@code key} if its latest mod revision is {@code expectedModRevision}.
   *
   * @return the version that was deleted
   * @throws KeyNotFoundException if the key is not live
   * @throws ConflictException if the key was modified since {@code expectedModRevision}
   */
  KeyValue delete(String key, long expectedModRevision);

  /**
   * Watches keys starting with {@code prefix} for every change with a revision greater than {@code
   * afterRevision}. Past changes still in history are replayed first. A watch from a revision not
   * yet reached waits for it.
   *
   * <p>Errors that prevent the watch, such as a compacted start revision, are reported through
   * {@link WatchListener#onError} rather than thrown.
   */
  Watch watch(String prefix, long afterRevision, WatchListener listener);

  /** The revision of the latest write. */
  long currentRevision();

  /**
   * Whether watches that ask for it ({@link WatchListener#wantsProgress}) are told after each
   * commit how far the store has got, so that a cache fed by a watch knows when it is current.
   */
  default boolean reportsProgress() {
    return false;
  }

  /**
   * Discards history older than {@code revision}: afterwards reads at revisions below it fail with
   * {@link CompactedException}, and so do watches from a revision below it (a watch needs the state
   * at its start revision to give each change its previous value). Compacting to a revision already
   * compacted does nothing.
   *
   * @throws FutureRevisionException if {@code revision} is newer than the current revision
   */
  void compact(long revision);

  @Override
  void close();
}
