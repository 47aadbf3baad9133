package io.batchd.store.sqlite;

import io.batchd.store.CompactedException;
import io.batchd.store.FutureRevisionException;
import io.batchd.store.KeyValue;
import io.batchd.store.Keys;
import io.batchd.store.ListOptions;
import io.batchd.store.ListResult;
import io.batchd.store.StoreUnavailableException;
import io.batchd.store.WatchEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The read side of the embedded store. Each read runs in one read transaction on a pooled
 * connection, so the revision checks and the data come from the same snapshot even while the writer
 * commits or compacts.
 */
final class SqliteReads {
  private static final int HISTORY_PAGE = 1000;

  private final DataSource readers;

  SqliteReads(DataSource readers) {
    this.readers = readers;
  }

  /** The revision of the latest write as seen by {@code c}'s transaction. */
  static long sequence(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = 'kv'");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static long compactRevision(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      s.setString(1, SqliteSchema.COMPACT_REVISION);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  Optional<KeyValue> get(String key) {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + LogRow.COLUMNS
                      + " FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1")) {
            s.setString(1, key);
            return live(s);
          }
        });
  }

  Optional<KeyValue> get(String key, long revision) {
    return read(
        c -> {
          checkReadable(c, revision);
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + LogRow.COLUMNS
                      + " FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1")) {
            s.setString(1, key);
            s.setLong(2, revision);
            return live(s);
          }
        });
  }

  ListResult list(String prefix, ListOptions options) {
    return read(
        c -> {
          long current = sequence(c);
          long revision = options.revision() == 0 ? current : options.revision();
          checkReadable(c, revision, current);
          boolean after = options.startAfter() != null;
          // The newest row of each key at the revision, then only the live ones.
          String sql =
              "SELECT "
                  + qualified("kv")
                  + " FROM kv JOIN (SELECT MAX(id) AS mid FROM kv WHERE name "
                  + (after ? ">" : ">=")
                  + " ? AND name < ? AND id <= ? GROUP BY name) m ON kv.id = m.mid"
                  + " WHERE kv.deleted = 0 ORDER BY kv.name"
                  + (options.limit() > 0 ? " LIMIT ?" : "");
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, after ? options.startAfter() : prefix);
            s.setString(2, Keys.prefixEnd(prefix));
            s.setLong(3, revision);
            if (options.limit() > 0) {
              s.setInt(4, options.limit() + 1);
            }
            List<KeyValue> items = new ArrayList<>();
            boolean more = false;
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                if (options.limit() > 0 && items.size() == options.limit()) {
                  more = true;
                  break;
                }
                items.add(LogRow.read(rs, 1).toKeyValue());
              }
            }
            return new ListResult(items, revision, more);
          }
        });
  }

  long count(String prefix) {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM kv JOIN (SELECT MAX(id) AS mid FROM kv"
                      + " WHERE name >= ? AND name < ? GROUP BY name) m ON kv.id = m.mid"
                      + " WHERE kv.deleted = 0")) {
            s.setString(1, prefix);
            s.setString(2, Keys.prefixEnd(prefix));
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /**
   * Hands every change under {@code prefix} after {@code afterRevision} and up to {@code
   * upToRevision}, in revision order, to {@code sink}, a page at a time.
   *
   * @throws CompactedException if changes in that range have been compacted
   */
  void history(String prefix, long afterRevision, long upToRevision, Consumer<WatchEvent> sink) {
    long after = afterRevision;
    while (after < upToRevision) {
      List<WatchEvent> page = historyPage(prefix, after, upToRevision);
      page.forEach(sink);
      if (page.size() < HISTORY_PAGE) {
        return;
      }
      after = page.get(page.size() - 1).revision();
    }
  }

  private List<WatchEvent> historyPage(String prefix, long after, long upTo) {
    return read(
        c -> {
          long compacted = compactRevision(c);
          if (after < compacted) {
            throw new CompactedException(after, compacted);
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + qualified("s")
                      + ", "
                      + qualified("p")
                      + " FROM kv s LEFT JOIN kv p ON p.id = s.prev_revision"
                      + " WHERE s.id > ? AND s.id <= ? AND s.name >= ? AND s.name < ?"
                      + " ORDER BY s.id LIMIT ?")) {
            s.setLong(1, after);
            s.setLong(2, upTo);
            s.setString(3, prefix);
            s.setString(4, Keys.prefixEnd(prefix));
            s.setInt(5, HISTORY_PAGE);
            List<WatchEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                LogRow row = LogRow.read(rs, 1);
                rs.getLong(7);
                LogRow previous = rs.wasNull() ? null : LogRow.read(rs, 7);
                events.add(row.toEvent(previous));
              }
            }
            return events;
          }
        });
  }

  private static String qualified(String table) {
    return String.join(
        ", ", List.of(LogRow.COLUMNS.split(", ")).stream().map(col -> table + "." + col).toList());
  }

  private static Optional<KeyValue> live(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      LogRow row = LogRow.read(rs, 1);
      return row.deleted() ? Optional.empty() : Optional.of(row.toKeyValue());
    }
  }

  private static void checkReadable(Connection c, long revision) throws SQLException {
    checkReadable(c, revision, sequence(c));
  }

  private static void checkReadable(Connection c, long revision, long current) throws SQLException {
    if (revision > current) {
      throw new FutureRevisionException(revision, current);
    }
    long compacted = compactRevision(c);
    if (revision < compacted) {
      throw new CompactedException(revision, compacted);
    }
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(Query<T> query) {
    try (Connection c = readers.getConnection()) {
      try {
        return query.run(c);
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          "read from the embedded store failed: " + e.getMessage(), e);
    }
  }
}
