package io.batchd.store.sqlite;

import io.batchd.store.ConflictException;
import io.batchd.store.FutureRevisionException;
import io.batchd.store.KeyExistsException;
import io.batchd.store.KeyNotFoundException;
import io.batchd.store.KeyValue;
import io.batchd.store.StoreException;
import io.batchd.store.StoreUnavailableException;
import io.batchd.store.WatchEvent;
import io.batchd.store.WatchHub;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of the database: one thread that takes queued writes, applies as many as are
 * waiting (up to a limit) in one transaction, commits, publishes the events to watchers and then
 * acknowledges each write.
 *
 * <p>Group commit is what makes concurrent writers cheap: 64 writers share one commit instead of
 * queuing for 64. Because this thread is the only writer, the compare-and-swap check is a plain
 * read of the key's latest row inside the transaction, and every revision it assigns is visible to
 * watchers in order with no gaps.
 */
final class SqliteWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
  private static final WriteRequest STOP = new WriteRequest.Compact(-1, null);

  private final Connection connection;
  private final WatchHub hub;
  private final int maxBatch;
  private final LinkedBlockingQueue<WriteRequest> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final PreparedStatement latest;
  private final PreparedStatement insert;
  private volatile boolean closed;
  private volatile long currentRevision;
  private volatile long compactRevision;

  SqliteWriter(Connection connection, WatchHub hub, int maxBatch) throws SQLException {
    this.connection = connection;
    this.hub = hub;
    this.maxBatch = maxBatch;
    connection.setAutoCommit(false);
    this.latest =
        connection.prepareStatement(
            "SELECT " + LogRow.COLUMNS + " FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1");
    this.insert =
        connection.prepareStatement(
            "INSERT INTO kv (name, create_revision, prev_revision, deleted, value)"
                + " VALUES (?, ?, ?, ?, ?) RETURNING id");
    this.currentRevision = SqliteReads.sequence(connection);
    this.compactRevision = SqliteReads.compactRevision(connection);
    connection.commit();
    this.thread = Thread.ofPlatform().name("sqlite-writer").daemon().start(this::run);
  }

  long currentRevision() {
    return currentRevision;
  }

  long compactRevision() {
    return compactRevision;
  }

  /** Queues {@code request} and waits for its commit. */
  KeyValue submit(WriteRequest request) {
    if (closed) {
      throw new StoreUnavailableException("the store is closed", null);
    }
    queue.add(request);
    try {
      return request.result().join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof StoreException se) {
        throw se;
      }
      throw new StoreUnavailableException("write failed", e.getCause());
    }
  }

  private void run() {
    List<WriteRequest> batch = new ArrayList<>(maxBatch);
    try {
      while (true) {
        WriteRequest first = queue.take();
        if (first == STOP) {
          break;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        boolean stop = batch.remove(STOP);
        commitBatch(batch);
        batch.clear();
        if (stop) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failPending();
  }

  /** Applies {@code batch} in one transaction; if the database fails, retries each write alone. */
  private void commitBatch(List<WriteRequest> batch) {
    List<WatchEvent> events = new ArrayList<>();
    Object[] outcomes = new Object[batch.size()];
    long compactTo = compactRevision;
    try {
      for (int i = 0; i < batch.size(); i++) {
        WriteRequest request = batch.get(i);
        try {
          if (request instanceof WriteRequest.Compact c) {
            compactTo = compact(c.revision(), compactTo);
            outcomes[i] = null;
          } else {
            outcomes[i] = apply(request, events);
          }
        } catch (StoreException e) {
          outcomes[i] = e;
        }
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      if (batch.size() > 1) {
        for (WriteRequest request : batch) {
          commitBatch(List.of(request));
        }
      } else {
        log.warn("write to the embedded store failed", e);
        batch
            .get(0)
            .result()
            .completeExceptionally(
                new StoreUnavailableException("write failed: " + e.getMessage(), e));
      }
      return;
    }
    // Set before the events are published: a watch that subscribes meanwhile and misses them live
    // reads its history up to the current revision, and so still finds them (SqliteStore#watch).
    if (!events.isEmpty()) {
      currentRevision = events.get(events.size() - 1).revision();
    }
    compactRevision = compactTo;
    hub.publish(events);
    for (int i = 0; i < batch.size(); i++) {
      if (outcomes[i] instanceof StoreException e) {
        batch.get(i).result().completeExceptionally(e);
      } else {
        batch.get(i).result().complete((KeyValue) outcomes[i]);
      }
    }
  }

  private KeyValue apply(WriteRequest request, List<WatchEvent> events) throws SQLException {
    return switch (request) {
      case WriteRequest.Create c -> {
        LogRow before = latestRow(c.key());
        if (before != null && !before.deleted()) {
          throw new KeyExistsException(c.key());
        }
        long id = append(c.key(), 0, before == null ? 0 : before.id(), false, c.value());
        KeyValue created = new KeyValue(c.key(), c.value(), id, id);
        events.add(WatchEvent.added(created));
        yield created;
      }
      case WriteRequest.Update u -> {
        LogRow before = requireLive(u.key(), u.expectedModRevision());
        long id = append(u.key(), before.effectiveCreateRevision(), before.id(), false, u.value());
        KeyValue updated = new KeyValue(u.key(), u.value(), before.effectiveCreateRevision(), id);
        events.add(WatchEvent.modified(updated, before.toKeyValue()));
        yield updated;
      }
      case WriteRequest.Delete d -> {
        LogRow before = requireLive(d.key(), d.expectedModRevision());
        long id = append(d.key(), before.effectiveCreateRevision(), before.id(), true, null);
        events.add(WatchEvent.deleted(d.key(), id, before.toKeyValue()));
        yield before.toKeyValue();
      }
      case WriteRequest.Compact c -> throw new IllegalStateException("compaction is not a write");
    };
  }

  private LogRow requireLive(String key, long expectedModRevision) throws SQLException {
    LogRow before = latestRow(key);
    if (before == null || before.deleted()) {
      throw new KeyNotFoundException(key);
    }
    if (before.id() != expectedModRevision) {
      throw new ConflictException(before.toKeyValue(), expectedModRevision);
    }
    return before;
  }

  private LogRow latestRow(String key) throws SQLException {
    latest.setString(1, key);
    try (ResultSet rs = latest.executeQuery()) {
      return rs.next() ? LogRow.read(rs, 1) : null;
    }
  }

  private long append(
      String key, long createRevision, long prevRevision, boolean deleted, byte[] value)
      throws SQLException {
    insert.setString(1, key);
    insert.setLong(2, createRevision);
    insert.setLong(3, prevRevision);
    insert.setInt(4, deleted ? 1 : 0);
    insert.setBytes(5, value);
    try (ResultSet rs = insert.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Removes the history before {@code revision}: every row superseded at or before it, and every
   * tombstone at or before it. What stays is the state at {@code revision} (the previous values of
   * all later changes) and everything after it.
   */
  private long compact(long revision, long alreadyCompacted) throws SQLException {
    if (revision <= alreadyCompacted) {
      return alreadyCompacted;
    }
    long current = SqliteReads.sequence(connection);
    if (revision > current) {
      throw new FutureRevisionException(revision, current);
    }
    try (PreparedStatement superseded =
            connection.prepareStatement(
                "DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv"
                    + " WHERE id > ? AND id <= ? AND prev_revision > 0)");
        PreparedStatement tombstones =
            connection.prepareStatement("DELETE FROM kv WHERE deleted = 1 AND id <= ?");
        PreparedStatement mark =
            connection.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
      superseded.setLong(1, alreadyCompacted);
      superseded.setLong(2, revision);
      superseded.executeUpdate();
      tombstones.setLong(1, revision);
      tombstones.executeUpdate();
      mark.setString(1, SqliteSchema.COMPACT_REVISION);
      mark.setLong(2, revision);
      mark.executeUpdate();
    }
    return revision;
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.warn("rollback of the embedded store failed", e);
    }
  }

  private void failPending() {
    List<WriteRequest> left = new ArrayList<>();
    queue.drainTo(left);
    for (WriteRequest request : left) {
      if (request != STOP) {
        request
            .result()
            .completeExceptionally(new StoreUnavailableException("the store is closed", null));
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      thread.join();
      latest.close();
      insert.close();
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      log.warn("closing the embedded store failed", e);
    }
  }
}
