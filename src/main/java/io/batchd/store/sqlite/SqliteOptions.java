package io.batchd.store.sqlite;

/**
 * Settings of the embedded store.
 *
 * @param synchronous SQLite's {@code synchronous} pragma: {@code NORMAL} (the default) keeps every
 *     acknowledged write across a crash of the process; {@code FULL} also across power loss, at
 *     about a third of the commit rate
 * @param readConnections how many connections serve reads in parallel with the writer
 * @param maxBatch the most writes committed in one transaction (group commit)
 * @param watchCapacity how many events a watcher may fall behind before it is dropped
 */
public record SqliteOptions(
    Synchronous synchronous, int readConnections, int maxBatch, int watchCapacity) {

  /** The durability levels batchd offers. */
  public enum Synchronous {
    NORMAL,
    FULL
  }

  public static SqliteOptions defaults() {
    return new SqliteOptions(Synchronous.NORMAL, 4, 512, 10_000);
  }

  public SqliteOptions withSynchronous(Synchronous value) {
    return new SqliteOptions(value, readConnections, maxBatch, watchCapacity);
  }

  public SqliteOptions withWatchCapacity(int value) {
    return new SqliteOptions(synchronous, readConnections, maxBatch, value);
  }
}
