package io.batchd.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The on-disk layout: an append-only revision log in the way k3s's kine maps etcd onto SQL.
 *
 * <p>Every write appends one row to {@code kv}; the row id is the global revision ({@code
 * AUTOINCREMENT}, so ids are never reused even after compaction removes the newest rows). A row
 * names the row it supersedes in {@code prev_revision}; {@code create_revision} is 0 on the row
 * that created the key (its own id is then the create revision) and otherwise copies the creating
 * row's id. A delete appends a tombstone ({@code deleted = 1}). The unique index on {@code (name,
 * prev_revision)} makes a second successor of the same row impossible, a guard behind the writer's
 * own compare-and-swap check.
 */
final class SqliteSchema {
  static final String COMPACT_REVISION = "compact_revision";

  private SqliteSchema() {}

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS kv (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            value BLOB)
          """);
      s.execute("CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id)");
      s.execute("CREATE UNIQUE INDEX IF NOT EXISTS kv_name_prev ON kv (name, prev_revision)");
      s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    }
  }
}
