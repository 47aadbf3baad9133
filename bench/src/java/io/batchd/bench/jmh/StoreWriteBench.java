package io.batchd.bench.jmh;

import io.batchd.bench.BenchSupport;
import io.batchd.bench.SqliteBaseline;
import io.batchd.store.KeyValue;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One write at a time to the embedded SQLite store ({@link SqliteStore} with {@link
 * SqliteOptions#defaults()}, in a temporary directory), beside the raw sqlite-jdbc insert and
 * commit of {@code StoreBench}'s baseline ({@link SqliteBaseline}) in another file of the same
 * directory. Every value is P1's Job as the registry stores it.
 *
 * <ul>
 *   <li>{@code create}: {@code Store.create} of a new key.
 *   <li>{@code update}: {@code Store.update} of one key, a compare-and-swap on the revision its
 *       previous write returned, as a controller writing a status does.
 *   <li>{@code baselineInsert}: one {@code INSERT} of the value in a table shaped like the store's
 *       log, and its {@code COMMIT}.
 * </ul>
 *
 * <p>One thread writes, so the store's group commit has nothing to group: each write is one
 * transaction in the store as in the baseline. {@code scripts/bench store} measures many writers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreWriteBench {
  private static final String PREFIX = "/registry/batch/jobs/default/";

  private Path dir;
  private SqliteStore store;
  private SqliteBaseline baseline;
  private byte[] value;
  private long created;
  private long inserted;
  private String updatedKey;
  private long updatedRevision;

  @Setup
  public void setUp() throws IOException, SQLException {
    value = SampleObjects.make().storedJob();
    dir = Files.createTempDirectory("batchd-jmh-store-");
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    baseline = new SqliteBaseline(dir.resolve("baseline.db"), value);
    updatedKey = PREFIX + "updated";
    updatedRevision = store.create(updatedKey, value).modRevision();
  }

  @TearDown
  public void tearDown() throws IOException {
    baseline.close();
    store.close();
    BenchSupport.deleteRecursively(dir);
  }

  @Benchmark
  @ComparedTo("baselineInsert")
  public KeyValue create() {
    return store.create(PREFIX + "created-" + created++, value);
  }

  @Benchmark
  @ComparedTo("baselineInsert")
  public KeyValue update() {
    KeyValue kv = store.update(updatedKey, value, updatedRevision);
    updatedRevision = kv.modRevision();
    return kv;
  }

  @Benchmark
  public void baselineInsert() throws SQLException {
    baseline.insert(PREFIX + "inserted-" + inserted++);
  }
}
