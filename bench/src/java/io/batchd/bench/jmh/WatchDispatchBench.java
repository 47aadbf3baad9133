package io.batchd.bench.jmh;

import io.batchd.api.errors.StatusException;
import io.batchd.registry.ObjectWatcher;
import io.batchd.registry.Registry;
import io.batchd.registry.WatchQuery;
import io.batchd.store.KeyValue;
import io.batchd.store.StoreException;
import io.batchd.store.WatchEvent;
import io.batchd.store.WatchListener;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One Job update delivered to N in-process watchers, from the store write until every watcher has
 * the event (N = 1, 100, 1,000): the server's watch path, which P4 measures over HTTP.
 *
 * <ul>
 *   <li>{@code registryWatchers}: N watches of the Jobs of a namespace through the registry ({@code
 *       Registry.watch}), as the API server opens one per watch request: the registry's watch cache
 *       holds one store watch and fans each event out to a queue and virtual thread per watcher,
 *       where the event's objects are decoded and filtered and handed to the watcher.
 *   <li>{@code storeWatchers}, its baseline: N watches straight on the store ({@code Store.watch}),
 *       which fans the raw event out the same way but decodes nothing.
 *   <li>{@code writeOnly}, the floor of both: the same write with no watcher.
 * </ul>
 *
 * <p>Each operation is one {@code Store.update} of P1's Job (its stored bytes, unchanged, as a
 * compare-and-swap on the previous revision), then a wait until all N watchers have the event. The
 * store is the embedded SQLite store in a temporary directory, so each operation includes one
 * commit; {@code writeOnly} shows how much of it that is.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WatchDispatchBench {
  private static final String NAME = "watched";

  /** A server store holding P1's Job, and the write each operation makes. */
  abstract static class Scene {
    BenchApi api;
    private String key;
    private byte[] value;
    long revision;
    private volatile CountDownLatch delivered = new CountDownLatch(0);
    private final AtomicReference<String> failure = new AtomicReference<>();

    void open() {
      api = BenchApi.open();
      Registry<Job> jobs = api.jobs();
      SampleObjects.halfWay(jobs, SampleObjects.createJob(jobs, NAME));
      key = jobs.type().key(SampleObjects.NAMESPACE, NAME);
      KeyValue kv = api.store().get(key).orElseThrow();
      value = kv.value();
      revision = kv.modRevision();
    }

    /** Updates the Job and waits until {@code watchers} watchers have the event. */
    void writeAndWait(int watchers) throws InterruptedException {
      CountDownLatch latch = new CountDownLatch(watchers);
      delivered = latch;
      revision = api.store().update(key, value, revision).modRevision();
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            latch.getCount()
                + " of "
                + watchers
                + " watchers did not get revision "
                + revision
                + " within 30 s"
                + (failure.get() == null ? "" : "; a watch failed: " + failure.get()));
      }
    }

    void arrived() {
      delivered.countDown();
    }

    void failed(String why) {
      failure.compareAndSet(null, why);
    }
  }

  /** The write alone. */
  @State(Scope.Benchmark)
  public static class NoWatchers extends Scene {
    @Setup
    public void setUp() {
      open();
    }

    @TearDown
    public void tearDown() {
      api.close();
    }
  }

  /** N watches on the store itself. */
  @State(Scope.Benchmark)
  public static class StoreWatchers extends Scene {
    @Param({"1", "100", "1000"})
    public int watchers;

    private final List<io.batchd.store.Watch> watches = new ArrayList<>();

    @Setup
    public void setUp() {
      open();
      String prefix = api.jobs().type().keyPrefix(SampleObjects.NAMESPACE);
      for (int i = 0; i < watchers; i++) {
        watches.add(
            api.store()
                .watch(
                    prefix,
                    revision,
                    new WatchListener() {
                      @Override
                      public void onEvent(WatchEvent event) {
                        arrived();
                      }

                      @Override
                      public void onError(StoreException error) {
                        failed(error.toString());
                      }
                    }));
      }
    }

    @TearDown
    public void tearDown() {
      watches.forEach(io.batchd.store.Watch::close);
      api.close();
    }
  }

  /** N watches through the registry and its watch cache, as the API server opens them. */
  @State(Scope.Benchmark)
  public static class RegistryWatchers extends Scene {
    @Param({"1", "100", "1000"})
    public int watchers;

    private final List<Registry.WatchHandle> watches = new ArrayList<>();

    @Setup
    public void setUp() {
      open();
      WatchQuery<Job> fromNow =
          new WatchQuery<>(job -> true, Long.toString(revision), false, false);
      for (int i = 0; i < watchers; i++) {
        watches.add(
            api.jobs()
                .watch(
                    SampleObjects.NAMESPACE,
                    fromNow,
                    new ObjectWatcher<>() {
                      @Override
                      public void onEvent(String type, Job object) {
                        arrived();
                      }

                      @Override
                      public void onBookmark(String resourceVersion, boolean initialEventsEnd) {}

                      @Override
                      public void onError(StatusException error) {
                        failed(error.toString());
                      }

                      @Override
                      public void onClosed() {
                        failed("the watch was closed by the server");
                      }
                    }));
      }
    }

    @TearDown
    public void tearDown() {
      watches.forEach(Registry.WatchHandle::close);
      api.close();
    }
  }

  @Benchmark
  public void writeOnly(NoWatchers scene) throws InterruptedException {
    scene.writeAndWait(0);
  }

  @Benchmark
  @ComparedTo("writeOnly")
  public void storeWatchers(StoreWatchers scene) throws InterruptedException {
    scene.writeAndWait(scene.watchers);
  }

  @Benchmark
  @ComparedTo("storeWatchers")
  public void registryWatchers(RegistryWatchers scene) throws InterruptedException {
    scene.writeAndWait(scene.watchers);
  }
}
