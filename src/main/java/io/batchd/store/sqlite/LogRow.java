package io.batchd.store.sqlite;

import io.batchd.store.KeyValue;
import io.batchd.store.WatchEvent;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One row of the revision log, and how it reads as a key version or a watch event. */
record LogRow(
    long id, String name, long createRevision, long prevRevision, boolean deleted, byte[] value) {
  /** Columns in the order {@link #read} expects them. */
  static final String COLUMNS = "id, name, create_revision, prev_revision, deleted, value";

  static LogRow read(ResultSet rs, int first) throws SQLException {
    byte[] value = rs.getBytes(first + 5);
    return new LogRow(
        rs.getLong(first),
        rs.getString(first + 1),
        rs.getLong(first + 2),
        rs.getLong(first + 3),
        rs.getInt(first + 4) != 0,
        value == null ? new byte[0] : value);
  }

  /** The create revision the row stands for: the row's own id on the row that created the key. */
  long effectiveCreateRevision() {
    return createRevision == 0 ? id : createRevision;
  }

  KeyValue toKeyValue() {
    return new KeyValue(name, value, effectiveCreateRevision(), id);
  }

  /** The event this row records; {@code previous} is the row it superseded, if still live. */
  WatchEvent toEvent(LogRow previous) {
    KeyValue prev = previous == null || previous.deleted ? null : previous.toKeyValue();
    if (deleted) {
      return WatchEvent.deleted(name, id, prev);
    }
    if (createRevision == 0) {
      return WatchEvent.added(toKeyValue());
    }
    return WatchEvent.modified(toKeyValue(), prev);
  }
}
