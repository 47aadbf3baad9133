package io.batchd.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.batchd.store.KeyValue;
import io.batchd.store.Keys;
import io.batchd.store.ListOptions;
import io.batchd.store.ListResult;
import io.batchd.store.Store;
import io.batchd.store.StoreUnavailableException;
import io.batchd.store.Watch;
import io.batchd.store.WatchHub;
import io.batchd.store.WatchListener;
import io.batchd.store.WatchStream;
import io.batchd.store.sqlite.SqliteOptions.Synchronous;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode, written by one thread with group commit and read
 * through a small pool of connections. Watches are pushed right after each commit.
 *
 * <p>One process owns the file: a lock file next to it stops a second batchd from opening the same
 * data, since the in-memory revision tracking assumes a single writer.
 */
public final class SqliteStore implements Store {
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final HikariDataSource readers;
  private final SqliteReads reads;
  private final SqliteWriter writer;
  private final WatchHub hub = new WatchHub();
  private final SqliteOptions options;

  private SqliteStore(Path file, SqliteOptions options) throws IOException, SQLException {
    this.options = options;
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    this.lockChannel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.lock = tryLock(lockChannel);
    if (lock == null) {
      lockChannel.close();
      throw new StoreUnavailableException(
          "another process is using the store at " + file + " (lock held on " + lockFile + ")",
          null);
    }
    try {
      Connection writeConnection = dataSource(file, options.synchronous(), false).getConnection();
      SqliteSchema.create(writeConnection);
      this.writer = new SqliteWriter(writeConnection, hub, options.maxBatch());
      this.readers = readPool(file, options);
      this.reads = new SqliteReads(readers);
    } catch (SQLException | RuntimeException e) {
      lock.release();
      lockChannel.close();
      throw e;
    }
  }

  /** The lock, or null when another process (or another store in this one) holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      return null;
    }
  }

  /** Opens (creating if needed) the store in {@code file}. */
  public static SqliteStore open(Path file, SqliteOptions options) {
    try {
      return new SqliteStore(file, options);
    } catch (IOException | SQLException e) {
      throw new StoreUnavailableException(
          "cannot open the embedded store at " + file + ": " + e.getMessage(), e);
    }
  }

  private static SQLiteDataSource dataSource(Path file, Synchronous sync, boolean readOnly) {
    SQLiteConfig config = new SQLiteConfig();
    if (!readOnly) {
      // WAL is a property of the file, set once by the writer; readers open it as it is.
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    }
    config.setSynchronous(
        sync == Synchronous.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(30_000);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return ds;
  }

  private static HikariDataSource readPool(Path file, SqliteOptions options) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource(file, options.synchronous(), true));
    config.setPoolName("sqlite-readers");
    config.setMaximumPoolSize(options.readConnections());
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    // SQLite's read-only open flag cannot pass through the pool; query_only has the same effect.
    config.setConnectionInitSql("PRAGMA query_only = 1");
    return new HikariDataSource(config);
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    Keys.requireValid(key);
    Keys.requireValidValue(key, value);
    return writer.submit(new WriteRequest.Create(key, value.clone(), new CompletableFuture<>()));
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return reads.get(Keys.requireValid(key));
  }

  @Override
  public Optional<KeyValue> get(String key, long revision) {
    return reads.get(Keys.requireValid(key), revision);
  }

  @Override
  public ListResult list(String prefix, ListOptions options) {
    return reads.list(Keys.requireValid(prefix), options);
  }

  @Override
  public long count(String prefix) {
    return reads.count(Keys.requireValid(prefix));
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    Keys.requireValid(key);
    Keys.requireValidValue(key, value);
    return writer.submit(
        new WriteRequest.Update(
            key, value.clone(), expectedModRevision, new CompletableFuture<>()));
  }

  @Override
  public KeyValue delete(String key, long expectedModRevision) {
    Keys.requireValid(key);
    return writer.submit(
        new WriteRequest.Delete(key, expectedModRevision, new CompletableFuture<>()));
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    Keys.requireValid(prefix);
    WatchStream stream = new WatchStream(listener, afterRevision, options.watchCapacity());
    // Subscribe before reading history, so that no change falls between the two; the stream
    // drops the changes it receives twice.
    Watch subscription = hub.subscribe(prefix, stream);
    // Every change after this revision is published to the stream; every one up to it is in the
    // history read next, and only those are read: a watch from the current revision needs no
    // history, so a compaction just after it started cannot fail it.
    long subscribedAt = writer.currentRevision();
    stream.start(
        prefix, sink -> reads.history(prefix, afterRevision, subscribedAt, sink), subscribedAt);
    return subscription;
  }

  /** The writer publishes every commit to the hub, which tells watches that want it. */
  @Override
  public boolean reportsProgress() {
    return true;
  }

  @Override
  public long currentRevision() {
    return writer.currentRevision();
  }

  @Override
  public void compact(long revision) {
    writer.submit(new WriteRequest.Compact(revision, new CompletableFuture<>()));
  }

  @Override
  public void close() {
    writer.close();
    hub.failAll(new StoreUnavailableException("the store is closed", null));
    readers.close();
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot release the store lock", e);
    }
  }
}
