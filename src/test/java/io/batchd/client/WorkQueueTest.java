package io.batchd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final WorkQueue<String> queue =
      new WorkQueue<>("test", Duration.ofMillis(5), Duration.ofSeconds(1));

  @Test
  void aKeyAddedTwiceWaitsOnce() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    assertThat(queue.length()).isEqualTo(2);
    assertThat(queue.take()).contains("a");
    assertThat(queue.take()).contains("b");
  }

  @Test
  void aKeyAddedWhileHeldIsQueuedAgainWhenDone() throws Exception {
    queue.add("a");
    String held = queue.take().orElseThrow();
    queue.add("a");
    assertThat(queue.length()).as("not handed to a second worker").isZero();
    queue.done(held);
    assertThat(queue.length()).isEqualTo(1);
    assertThat(queue.take()).contains("a");
  }

  @Test
  void delayedAddsArriveLater() throws Exception {
    queue.addAfter("late", Duration.ofMillis(50));
    assertThat(queue.length()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.length() == 1);
    assertThat(queue.take()).contains("late");
  }

  @Test
  void rateLimitedDelaysDoubleUntilForgotten() throws Exception {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      queue.addRateLimited("k");
      queue.take();
      queue.done("k");
      delays.add((System.nanoTime() - start) / 1_000_000);
    }
    // 5, 10 and 20 ms at least: each failure waits no less than the one before doubled.
    assertThat(delays.get(0)).isGreaterThanOrEqualTo(5);
    assertThat(delays.get(1)).isGreaterThanOrEqualTo(10);
    assertThat(delays.get(2)).isGreaterThanOrEqualTo(20);
    queue.forget("k");
    long start = System.nanoTime();
    queue.addRateLimited("k");
    queue.take();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(20);
  }

  @Test
  void closingReleasesWaitingWorkers() throws Exception {
    List<Optional<String>> taken = new ArrayList<>();
    Thread worker =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    taken.add(queue.take());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    queue.close();
    worker.join(Duration.ofSeconds(5));
    assertThat(taken).containsExactly(Optional.empty());
  }

  @Test
  void aWorkerRetriesWhatAsksForItOrFailsAndStopsWhenClosed() throws Exception {
    List<String> synced = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger attempts =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread worker =
        Thread.ofVirtual()
            .start(
                () ->
                    queue.work(
                        key -> {
                          synced.add(key);
                          if (key.equals("flaky") && attempts.incrementAndGet() < 3) {
                            throw new IllegalStateException("not yet");
                          }
                          return key.equals("again")
                              && synced.stream().filter("again"::equals).count() < 2;
                        },
                        (key, e) -> failures.add(key + ": " + e.getMessage())));
    queue.add("once");
    queue.add("again");
    queue.add("flaky");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(synced)
                    .containsOnly("once", "again", "flaky")
                    .filteredOn("again"::equals)
                    .hasSize(2));
    await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 3);
    assertThat(failures).containsExactly("flaky: not yet", "flaky: not yet");
    assertThat(synced).filteredOn("once"::equals).hasSize(1);
    queue.close();
    worker.join(Duration.ofSeconds(5));
    assertThat(worker.isAlive()).isFalse();
  }
}
