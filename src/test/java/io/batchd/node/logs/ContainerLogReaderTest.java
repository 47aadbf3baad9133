package io.batchd.node.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogReaderTest {
  private static final String LOG =
      """
      2026-11-23T13:45:01.000000001Z stdout F one
      2026-11-23T13:45:02.5Z stderr F two
      2026-11-23T13:45:03.000000003Z stdout P thr
      2026-11-23T13:45:03.000000004Z stdout F ee
      not a cri line
      2026-11-23T13:45:04.000000005Z stdout F four
      """;

  @TempDir Path dir;

  /** A sink collecting what it is given, copying each buffer (the reader reuses them). */
  private static final class Collect implements LogSink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(ByteBuffer buffer) {
      byte[] copy = new byte[buffer.remaining()];
      buffer.get(copy);
      bytes.writeBytes(copy);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private String read(LogOptions options) throws Exception {
    Path file = dir.resolve("0.log");
    Files.writeString(file, LOG);
    Collect sink = new Collect();
    new ContainerLogReader(file, CompletableFuture.completedFuture(null)).copy(options, sink);
    return sink.text();
  }

  @Test
  void servesEveryEntryJoiningPartialOnesAndSkippingForeignLines() throws Exception {
    assertThat(read(LogOptions.DEFAULTS)).isEqualTo("one\ntwo\nthree\nfour\n");
  }

  @Test
  void tailLinesCountsTheFileLinesFromTheEnd() throws Exception {
    assertThat(read(new LogOptions(false, 2L, null, false, null))).isEqualTo("four\n");
    assertThat(read(new LogOptions(false, 3L, null, false, null))).isEqualTo("ee\nfour\n");
    assertThat(read(new LogOptions(false, 100L, null, false, null)))
        .isEqualTo("one\ntwo\nthree\nfour\n");
    assertThat(read(new LogOptions(false, 0L, null, false, null))).isEmpty();
  }

  @Test
  void sinceSkipsEarlierEntries() throws Exception {
    assertThat(
            read(new LogOptions(false, null, Instant.parse("2026-11-23T13:45:02.5Z"), false, null)))
        .isEqualTo("two\nthree\nfour\n");
  }

  @Test
  void sinceSecondsCountsBackFromNowAndTheLaterSinceWins() {
    Instant now = Instant.parse("2026-11-23T13:45:10Z");
    assertThat(LogOptions.of(false, null, 7L, null, false, null, now).since())
        .isEqualTo(Instant.parse("2026-11-23T13:45:03Z"));
    assertThat(
            LogOptions.of(false, null, 7L, Instant.parse("2026-11-23T13:45:05Z"), false, null, now)
                .since())
        .isEqualTo(Instant.parse("2026-11-23T13:45:05Z"));
    assertThat(
            LogOptions.of(false, null, 7L, Instant.parse("2026-11-23T13:45:01Z"), false, null, now)
                .since())
        .isEqualTo(Instant.parse("2026-11-23T13:45:03Z"));
  }

  @Test
  void timestampsPrefixEachEntryWithNineFractionDigits() throws Exception {
    assertThat(read(new LogOptions(false, 2L, null, true, null)))
        .isEqualTo("2026-11-23T13:45:04.000000005Z four\n");
    assertThat(read(new LogOptions(false, null, Instant.parse("2026-11-23T13:45:02Z"), true, null)))
        .startsWith("2026-11-23T13:45:02.500000000Z two\n2026-11-23T13:45:03.000000003Z thr");
  }

  @Test
  void limitBytesCutsTheOutputIncludingPrefixes() throws Exception {
    assertThat(read(new LogOptions(false, null, null, false, 6L))).isEqualTo("one\ntw");
    assertThat(read(new LogOptions(false, null, null, true, 33L)))
        .isEqualTo("2026-11-23T13:45:01.000000001Z on");
  }

  @Test
  void aMissingFileIsReported() {
    assertThatThrownBy(
            () ->
                new ContainerLogReader(dir.resolve("nope.log"), new CompletableFuture<>())
                    .copy(LogOptions.DEFAULTS, b -> {}))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void followKeepsReadingUntilTheContainerEndsAndTheFileIsDrained() throws Exception {
    Path file = dir.resolve("0.log");
    Files.writeString(file, "2026-11-23T13:45:01Z stdout F first\n");
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Collect sink = new Collect();
    CompletableFuture<Void> following =
        CompletableFuture.runAsync(
            () -> {
              try {
                new ContainerLogReader(file, ended)
                    .copy(new LogOptions(true, null, null, false, null), sink);
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.text().equals("first\n"));

    // a line written in two pieces is served only once it is whole
    Files.writeString(file, "2026-11-23T13:45:02Z stdout F sec", StandardOpenOption.APPEND);
    Files.writeString(file, "ond\n", StandardOpenOption.APPEND);
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.text().equals("first\nsecond\n"));
    assertThat(following).isNotDone();

    // output written before the end is still served
    Files.writeString(file, "2026-11-23T13:45:03Z stdout F last\n", StandardOpenOption.APPEND);
    ended.complete(null);
    following.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(sink.text()).isEqualTo("first\nsecond\nlast\n");
  }

  @Test
  void followWithTailStartsAtTheEndAndLimitBytesEndsIt() throws Exception {
    Path file = dir.resolve("0.log");
    Files.writeString(file, "2026-11-23T13:45:01Z stdout F old\n");
    Collect sink = new Collect();
    CompletableFuture<Void> following =
        CompletableFuture.runAsync(
            () -> {
              try {
                new ContainerLogReader(file, new CompletableFuture<>())
                    .copy(new LogOptions(true, 0L, null, false, 5L), sink);
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    // The reader starts at the end of the file whenever it opens it: append until it has served.
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              Files.writeString(
                  file, "2026-11-23T13:45:02Z stdout F new line\n", StandardOpenOption.APPEND);
              return following.isDone();
            });
    following.get();
    assertThat(sink.text()).isEqualTo("new l");
  }
}
