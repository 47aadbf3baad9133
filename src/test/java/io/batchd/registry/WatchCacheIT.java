package io.batchd.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.store.KeyValue;
import io.batchd.store.ListOptions;
import io.batchd.store.ListResult;
import io.batchd.store.Store;
import io.batchd.store.StoreException;
import io.batchd.store.Watch;
import io.batchd.store.WatchEvent;
import io.batchd.store.WatchListener;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCacheIT {
  private static final String PREFIX = "/registry/batch/jobs/";

  @TempDir Path dir;
  private CountingStore store;
  private WatchCache cache;

  @BeforeEach
  void open() {
    store = new CountingStore(SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults()));
  }

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
    store.close();
  }

  private KeyValue put(String name, String value) {
    String key = PREFIX + "default/" + name;
    Optional<KeyValue> current = store.get(key);
    return current.isEmpty()
        ? store.create(key, value.getBytes(UTF_8))
        : store.update(key, value.getBytes(UTF_8), current.get().modRevision());
  }

  private static final class Recorder implements WatchListener {
    final List<Long> revisions = new CopyOnWriteArrayList<>();
    volatile StoreException error;

    @Override
    public void onEvent(WatchEvent event) {
      revisions.add(event.revision());
    }

    @Override
    public void onError(StoreException e) {
      error = e;
    }
  }

  @Test
  void anyNumberOfWatchersCostsTheStoreOneWatch() {
    put("a", "1");
    cache = new WatchCache(store, PREFIX, 100, 1000).start();
    List<Recorder> watchers = new ArrayList<>();
    long from = store.currentRevision();
    for (int i = 0; i < 50; i++) {
      Recorder r = new Recorder();
      cache.watch(PREFIX + "default/", from, r);
      watchers.add(r);
    }

    KeyValue b = put("b", "1");
    KeyValue a = put("a", "2");

    for (Recorder r : watchers) {
      await().atMost(Duration.ofSeconds(10)).until(() -> r.revisions.size() == 2);
      assertThat(r.revisions).containsExactly(b.modRevision(), a.modRevision());
    }
    assertThat(store.watches.get()).isEqualTo(1);
    assertThat(cache.watchers()).isEqualTo(50);
  }

  @Test
  void aWatchFromARecentRevisionReplaysFromMemory() {
    cache = new WatchCache(store, PREFIX, 100, 1000).start();
    long start = store.currentRevision();
    List<Long> written = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      written.add(put("k" + i, "v").modRevision());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.list(PREFIX).items().size() == 10);

    Recorder r = new Recorder();
    cache.watch(PREFIX, start + 4, r);

    await().atMost(Duration.ofSeconds(10)).until(() -> r.revisions.size() == 6);
    assertThat(r.revisions).isEqualTo(written.subList(4, 10));
    assertThat(store.watches.get()).isEqualTo(1);
  }

  @Test
  void aWatchOlderThanTheKeptChangesFallsBackToTheStore() {
    cache = new WatchCache(store, PREFIX, 3, 1000).start();
    long start = store.currentRevision();
    List<Long> written = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      written.add(put("k" + i, "v").modRevision());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.list(PREFIX).items().size() == 8);

    Recorder r = new Recorder();
    cache.watch(PREFIX, start, r);

    await().atMost(Duration.ofSeconds(10)).until(() -> r.revisions.size() == 8);
    assertThat(r.revisions).isEqualTo(written);
    assertThat(store.watches.get()).isEqualTo(2);
  }

  @Test
  void theCachedListFollowsCreatesUpdatesAndDeletes() {
    put("a", "1");
    cache = new WatchCache(store, PREFIX, 100, 1000).start();
    put("b", "1");
    KeyValue a2 = put("a", "2");
    KeyValue c = put("c", "1");
    store.delete(c.key(), c.modRevision());
    long last = store.currentRevision();

    await().atMost(Duration.ofSeconds(10)).until(() -> cache.list(PREFIX).revision() == last);
    ListResult listed = cache.list(PREFIX + "default/");
    assertThat(listed.items())
        .extracting(KeyValue::key)
        .containsExactly(PREFIX + "default/a", PREFIX + "default/b");
    assertThat(listed.items().get(0)).isEqualTo(a2);
    assertThat(cache.list(PREFIX + "other/").items()).isEmpty();
  }

  /** Counts the watches opened on the store; delegates everything. */
  @Test
  void progressOfWritesElsewhereMakesTheCacheCurrent() {
    put("a", "1");
    cache = new WatchCache(store, PREFIX, 1000, 100).start();
    KeyValue other = store.create("/registry/pods/default/p", "x".getBytes(UTF_8));

    assertThat(cache.awaitProgress(other.modRevision(), 5000)).isTrue();
    ListResult list = cache.snapshot(PREFIX, null, 0);
    assertThat(list.revision()).isGreaterThanOrEqualTo(other.modRevision());
    assertThat(list.items()).extracting(KeyValue::key).containsExactly(PREFIX + "default/a");
  }

  @Test
  void aCacheStartedWhileOtherResourcesAreWrittenIsCurrentWithoutWaitingForAnotherWrite() {
    KeyValue a = put("a", "1");
    // A write elsewhere between the cache's load and its subscription (a server starting writes
    // leases and events meanwhile); the store is idle afterwards.
    store.beforeWatch =
        () -> {
          store.beforeWatch = () -> {};
          store.create("/registry/leases/default/l", "x".getBytes(UTF_8));
        };
    cache = new WatchCache(store, PREFIX, 1000, 100).start();

    long started = System.nanoTime();
    assertThat(cache.currentGet(a.key(), 5000)).isNotNull().contains(a);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("the cache knew it was current as soon as its history was replayed")
        .isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aConsistentReadHoldsEveryWriteAcknowledgedBeforeIt() {
    cache = new WatchCache(store, PREFIX, 1000, 100).start();
    for (int i = 0; i < 50; i++) {
      KeyValue written = put("k" + i, "v" + i);
      store.create("/registry/pods/default/p" + i, "x".getBytes(UTF_8));

      assertThat(cache.currentGet(written.key(), 5000)).contains(written);
      ListResult list = cache.currentSnapshot(PREFIX, null, 0, 5000);
      assertThat(list.items()).hasSize(i + 1).contains(written);
      assertThat(list.revision()).isGreaterThanOrEqualTo(written.modRevision());
    }
  }

  @Test
  void stateOfAnOlderRevisionIsRefusedOnceItChanged() {
    put("a", "1");
    cache = new WatchCache(store, PREFIX, 1000, 100).start();
    long first = store.currentRevision();
    assertThat(cache.snapshot(PREFIX, null, first)).isNotNull();

    KeyValue b = put("b", "2");
    assertThat(cache.awaitProgress(b.modRevision(), 5000)).isTrue();

    assertThat(cache.snapshot(PREFIX, null, first)).isNull();
    assertThat(cache.snapshot(PREFIX, PREFIX + "default/a", b.modRevision()).items())
        .extracting(KeyValue::key)
        .containsExactly(PREFIX + "default/b");
  }

  private static final class CountingStore implements Store {
    private final Store delegate;
    final AtomicInteger watches = new AtomicInteger();
    volatile Runnable beforeWatch = () -> {};

    CountingStore(Store delegate) {
      this.delegate = delegate;
    }

    @Override
    public KeyValue create(String key, byte[] value) {
      return delegate.create(key, value);
    }

    @Override
    public Optional<KeyValue> get(String key) {
      return delegate.get(key);
    }

    @Override
    public Optional<KeyValue> get(String key, long revision) {
      return delegate.get(key, revision);
    }

    @Override
    public ListResult list(String prefix, ListOptions options) {
      return delegate.list(prefix, options);
    }

    @Override
    public boolean reportsProgress() {
      return delegate.reportsProgress();
    }

    @Override
    public long count(String prefix) {
      return delegate.count(prefix);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
      return delegate.update(key, value, expectedModRevision);
    }

    @Override
    public KeyValue delete(String key, long expectedModRevision) {
      return delegate.delete(key, expectedModRevision);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
      watches.incrementAndGet();
      beforeWatch.run();
      return delegate.watch(prefix, afterRevision, listener);
    }

    @Override
    public long currentRevision() {
      return delegate.currentRevision();
    }

    @Override
    public void compact(long revision) {
      delegate.compact(revision);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
