package io.batchd.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * Raw sqlite-jdbc inserts into a table shaped like the store's revision log (autoincrement id,
 * index on (name, id), unique (name, prev_revision)), in WAL mode with {@code synchronous=NORMAL}
 * as the store runs, one row per transaction on a single connection.
 *
 * <p>This is the ceiling for a store that commits every write on its own: the store does the same
 * insert plus a lookup of the key's latest row, a queue hand-off to its writer thread and watch
 * publication. With several writers the one connection is shared behind one lock, which is how a
 * store without group commit would have to serialize them; the store's own writer batches the
 * writes that queue up, so it may beat this figure.
 */
public final class SqliteBaseline implements Baseline {
  private final Connection connection;
  private final PreparedStatement insert;
  private final byte[] value;
  // Every writer goes through this lock, even a lone one: uncontended it costs nanoseconds, and
  // one code path keeps the single- and multi-writer figures comparable.
  private final ReentrantLock lock = new ReentrantLock();

  public SqliteBaseline(Path file, byte[] value) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    this.connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    createTable(connection);
    connection.setAutoCommit(false);
    this.insert =
        connection.prepareStatement(
            "INSERT INTO kv (name, create_revision, prev_revision, deleted, value)"
                + " VALUES (?, 0, 0, 0, ?)");
    this.value = value;
  }

  private static void createTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          """
          CREATE TABLE kv (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            value BLOB)
          """);
      s.execute("CREATE INDEX kv_name_id ON kv (name, id)");
      s.execute("CREATE UNIQUE INDEX kv_name_prev ON kv (name, prev_revision)");
    }
  }

  /** The SQLite library version sqlite-jdbc bundles, for the record. */
  public String sqliteVersion() throws SQLException {
    lock.lock();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
      rs.next();
      String version = rs.getString(1);
      connection.commit();
      return version;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String name() {
    return "raw-jdbc-insert";
  }

  @Override
  public Load.Write writer(String prefix, int writer) {
    return n -> insert(prefix + "/w" + writer + "-" + n);
  }

  /** One insert of the value under {@code key} and its commit: one write of the baseline. */
  public void insert(String key) throws SQLException {
    lock.lock();
    try {
      insert.setString(1, key);
      insert.setBytes(2, value);
      insert.executeUpdate();
      connection.commit();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    try {
      insert.close();
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the baseline database", e);
    }
  }
}
