package io.batchd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WatchStreamTest {

  private static WatchEvent event(long revision) {
    return WatchEvent.added(new KeyValue("/k" + revision, new byte[0], revision, revision));
  }

  @Test
  void replayedAndLiveEventsAreDeliveredOnceInOrder() {
    RecordingListener listener = new RecordingListener();
    WatchStream stream = new WatchStream(listener, 1, 100);
    stream.offer(event(3)); // arrives live while history is still being replayed
    stream.offer(event(4));

    stream.start(
        "test",
        sink -> {
          sink.accept(event(1)); // at or before the start revision: skipped
          sink.accept(event(2));
          sink.accept(event(3));
        });

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.size() == 3);
    assertThat(listener.revisions()).containsExactly(2L, 3L, 4L);
  }

  @Test
  void aWatcherThatFallsTooFarBehindGetsWhatWasQueuedThenTooSlow() throws Exception {
    RecordingListener listener = new RecordingListener();
    CountDownLatch replayMayEnd = new CountDownLatch(1);
    WatchStream stream =
        new WatchStream(listener, 0, 3).start("slow", sink -> awaitQuietly(replayMayEnd));

    assertThat(stream.offer(event(1))).isTrue();
    assertThat(stream.offer(event(2))).isTrue();
    assertThat(stream.offer(event(3))).isTrue();
    assertThat(stream.offer(event(4))).isFalse();
    assertThat(stream.offer(event(5))).isFalse();
    replayMayEnd.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.error() != null);
    assertThat(listener.revisions()).containsExactly(1L, 2L, 3L);
    assertThat(listener.error())
        .isInstanceOf(WatchTooSlowException.class)
        .hasMessageContaining("3 events");
  }

  @Test
  void afterCloseNothingIsDelivered() throws Exception {
    RecordingListener listener = new RecordingListener();
    CountDownLatch replayMayEnd = new CountDownLatch(1);
    WatchStream stream =
        new WatchStream(listener, 0, 10).start("closed", sink -> awaitQuietly(replayMayEnd));
    stream.offer(event(1));

    stream.close();
    replayMayEnd.countDown();

    assertThat(stream.offer(event(2))).isFalse();
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> listener.size() == 0);
    assertThat(listener.error()).isNull();
  }

  @Test
  void aListenerThatThrowsEndsOnlyItsOwnWatch() {
    WatchListener failing =
        new WatchListener() {
          @Override
          public void onEvent(WatchEvent event) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onError(StoreException error) {}
        };
    WatchStream stream = new WatchStream(failing, 0, 10).start("failing", sink -> {});
    stream.offer(event(1));

    await().atMost(Duration.ofSeconds(5)).until(() -> !stream.offer(event(2)));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
