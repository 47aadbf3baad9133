package io.batchd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.api.errors.StatusException;
import io.batchd.registry.core.NamespaceStrategy;
import io.batchd.store.Store;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher that falls too far behind is ended without an error event, after the events already
 * queued for it, so that its client watches again from the last resourceVersion it saw.
 */
class SlowWatcherIT {
  @TempDir Path dir;

  @Test
  void aSlowWatcherGetsItsQueuedEventsThenAQuietEnd() throws Exception {
    try (Store store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults())) {
      Registry<Namespace> namespaces =
          new Registry<>(
              Registries.NAMESPACES,
              new NamespaceStrategy(),
              store,
              ns -> Optional.empty(),
              Clock.systemUTC(),
              3);
      CountDownLatch release = new CountDownLatch(1);
      List<String> seen = new CopyOnWriteArrayList<>();
      ObjectWatcher<Namespace> slow =
          new ObjectWatcher<>() {
            @Override
            public void onEvent(String type, Namespace ns) {
              seen.add(type + " " + ns.getMetadata().getName());
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }

            @Override
            public void onBookmark(String resourceVersion, boolean initialEventsEnd) {}

            @Override
            public void onError(StatusException error) {
              seen.add("error " + error.code());
            }

            @Override
            public void onClosed() {
              seen.add("closed");
            }
          };
      namespaces.watch(null, new WatchQuery<>(n -> true, "0", false, false), slow);

      for (int i = 0; i < 10; i++) {
        namespaces.create(
            null,
            new NamespaceBuilder().withNewMetadata().withName("ns" + i).endMetadata().build(),
            false);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
      release.countDown();

      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("closed"));
      assertThat(seen).startsWith("ADDED ns0").endsWith("closed").doesNotContain("error 503");
      assertThat(seen).hasSizeBetween(2, 6);
    }
  }
}
