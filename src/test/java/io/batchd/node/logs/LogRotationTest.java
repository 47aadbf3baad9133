package io.batchd.node.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotationTest {
  private static final Instant T = Instant.parse("2026-11-23T13:45:01.123456789Z");
  // One entry is "<30-char time> stdout F line-NNNN\n": 50 bytes.
  private static final int ENTRY_BYTES = 50;

  @TempDir Path dir;

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

  private static void writeLine(CriLogWriter.Output out, int n) throws IOException {
    byte[] line = String.format("line-%04d%n", n).getBytes(StandardCharsets.US_ASCII);
    out.write(line, 0, line.length);
  }

  private static String linesText(int from, int to) {
    StringBuilder text = new StringBuilder();
    IntStream.range(from, to).forEach(n -> text.append(String.format("line-%04d%n", n)));
    return text.toString();
  }

  private List<Path> logFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private static String served(Path file, LogOptions options) throws Exception {
    Collect sink = new Collect();
    new ContainerLogReader(file, CompletableFuture.completedFuture(null)).copy(options, sink);
    return sink.text();
  }

  @Test
  void theKubeletDefaultsAreTenMebibytesAndFiveFiles() {
    assertThat(LogRotation.DEFAULTS).isEqualTo(new LogRotation(10 * 1024 * 1024, 5));
  }

  @Test
  void settingsThatCannotWorkAreRejected() {
    assertThatThrownBy(() -> new LogRotation(100, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max files must be greater than 1");
    assertThatThrownBy(() -> new LogRotation(0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max size must be positive");
  }

  @Test
  void aFileThatWouldGrowBeyondTheMaxSizeIsRenamedWithItsRotationTime() throws Exception {
    Path file = dir.resolve("0.log");
    try (CriLogWriter writer =
        CriLogWriter.open(file, new LogRotation(2 * ENTRY_BYTES, 5), InstantSource.fixed(T))) {
      CriLogWriter.Output out = writer.output(LogStream.STDOUT);
      for (int n = 0; n < 3; n++) {
        writeLine(out, n);
      }
    }
    Path rotated = dir.resolve("0.log.20261123-134501.123456789");
    assertThat(logFiles()).containsExactly(file, rotated);
    assertThat(Files.readString(rotated)).hasSize(2 * ENTRY_BYTES).endsWith("line-0001\n");
    assertThat(Files.readString(file)).endsWith(" stdout F line-0002\n");
  }

  @Test
  void rotationKeepsTheNewestContentInAtMostMaxFilesFiles() throws Exception {
    Path file = dir.resolve("0.log");
    try (CriLogWriter writer =
        CriLogWriter.open(file, new LogRotation(2 * ENTRY_BYTES, 3), InstantSource.fixed(T))) {
      CriLogWriter.Output out = writer.output(LogStream.STDOUT);
      for (int n = 0; n < 20; n++) {
        writeLine(out, n);
        assertThat(logFiles()).hasSizeLessThanOrEqualTo(3);
        assertThat(Files.size(file)).isLessThanOrEqualTo(2 * ENTRY_BYTES);
      }
    }
    List<Path> files = logFiles();
    assertThat(files).hasSize(3);
    // Rotated files, oldest first, then the current one: the last six lines, in order.
    List<Path> inOrder = new ArrayList<>(files.subList(1, 3));
    inOrder.add(file);
    StringBuilder kept = new StringBuilder();
    for (Path each : inOrder) {
      kept.append(served(each, LogOptions.DEFAULTS));
    }
    assertThat(kept.toString()).isEqualTo(linesText(14, 20));
  }

  @Test
  void readingAfterARotationServesTheCurrentFileOnly() throws Exception {
    Path file = dir.resolve("0.log");
    try (CriLogWriter writer =
        CriLogWriter.open(file, new LogRotation(3 * ENTRY_BYTES, 5), InstantSource.system())) {
      CriLogWriter.Output out = writer.output(LogStream.STDOUT);
      for (int n = 0; n < 5; n++) {
        writeLine(out, n);
      }
    }
    assertThat(served(file, LogOptions.DEFAULTS)).isEqualTo(linesText(3, 5));
    assertThat(served(file, new LogOptions(false, 1L, null, false, null)))
        .isEqualTo(linesText(4, 5));
  }

  @Test
  void aFollowAcrossManyRotationsDeliversEveryLineExactlyOnce() throws Exception {
    Path file = dir.resolve("0.log");
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Collect sink = new Collect();
    int total = 400;
    try (CriLogWriter writer =
        CriLogWriter.open(file, new LogRotation(4 * ENTRY_BYTES, 400), InstantSource.system())) {
      CriLogWriter.Output out = writer.output(LogStream.STDOUT);
      writeLine(out, 0);
      CompletableFuture<Void> following =
          CompletableFuture.runAsync(
              () -> {
                try {
                  new ContainerLogReader(file, ended)
                      .copy(new LogOptions(true, null, null, false, null), sink);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.text().equals(linesText(0, 1)));
      // Written as fast as possible, so that several rotations happen between two polls.
      for (int n = 1; n < total / 2; n++) {
        writeLine(out, n);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> sink.text().equals(linesText(0, total / 2)));
      assertThat(following).isNotDone();
      for (int n = total / 2; n < total; n++) {
        writeLine(out, n);
      }
      ended.complete(null);
      following.get(10, TimeUnit.SECONDS);
    }
    assertThat(sink.text()).isEqualTo(linesText(0, total));
    assertThat(logFiles()).hasSize(total / 4);
  }

  @Test
  void aFollowerThatFallsBehindTheDeletionOfRotatedFilesGoesOnWithTheOldestKeptFile()
      throws Exception {
    Path file = dir.resolve("0.log");
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Collect sink = new Collect();
    try (CriLogWriter writer =
        CriLogWriter.open(file, new LogRotation(ENTRY_BYTES, 2), InstantSource.system())) {
      CriLogWriter.Output out = writer.output(LogStream.STDOUT);
      writeLine(out, 0);
      CompletableFuture<Void> following =
          CompletableFuture.runAsync(
              () -> {
                try {
                  new ContainerLogReader(file, ended)
                      .copy(new LogOptions(true, null, null, false, null), sink);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.text().equals(linesText(0, 1)));
      for (int n = 1; n < 50; n++) {
        writeLine(out, n);
      }
      ended.complete(null);
      following.get(10, TimeUnit.SECONDS);
    }
    // Lines may be lost (their files were deleted unread), but none is repeated or out of order,
    // and the last two, kept on disk, are always served.
    List<String> lines = sink.text().lines().toList();
    assertThat(lines).doesNotHaveDuplicates().isSorted().endsWith("line-0048", "line-0049");
  }
}
