package io.batchd.node.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogWriterTest {
  private static final Instant T = Instant.parse("2026-11-23T13:45:01.123456789Z");
  private static final String TS = "2026-11-23T13:45:01.123456789Z";

  @TempDir Path dir;

  private List<String> lines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void wholeLinesAreFullEntriesWithTheirStream() throws Exception {
    Path file = dir.resolve("0.log");
    try (CriLogWriter writer =
        CriLogWriter.open(file, LogRotation.DEFAULTS, InstantSource.fixed(T))) {
      writer.output(LogStream.STDOUT).write(bytes("hello\n\nworld\n"), 0, 13);
      writer.output(LogStream.STDERR).write(bytes("oops\r\n"), 0, 6);
    }
    assertThat(lines(file))
        .containsExactly(
            TS + " stdout F hello",
            TS + " stdout F ",
            TS + " stdout F world",
            TS + " stderr F oops");
  }

  @Test
  void aLineSplitAcrossWritesIsOneEntry() throws Exception {
    Path file = dir.resolve("0.log");
    try (CriLogWriter writer =
        CriLogWriter.open(file, LogRotation.DEFAULTS, InstantSource.fixed(T))) {
      CriLogWriter.Output out = writer.output(LogStream.STDOUT);
      out.write(bytes("hel"), 0, 3);
      assertThat(Files.size(file)).isZero();
      out.write(bytes("lo\r"), 0, 3);
      out.write(bytes("\nnext"), 0, 5);
      out.finish();
    }
    assertThat(lines(file)).containsExactly(TS + " stdout F hello", TS + " stdout P next");
  }

  @Test
  void longLinesAreCutIntoPartialEntriesOfSixteenKibibytes() throws Exception {
    Path file = dir.resolve("0.log");
    String line = "x".repeat(CriLogWriter.MAX_LINE_BYTES * 2 + 10);
    try (CriLogWriter writer =
        CriLogWriter.open(file, LogRotation.DEFAULTS, InstantSource.fixed(T))) {
      // In 8 KiB reads, as a pipe delivers it: a line's pieces span several writes.
      byte[] input = bytes(line + "\n" + "y".repeat(CriLogWriter.MAX_LINE_BYTES) + "\n");
      CriLogWriter.Output out = writer.output(LogStream.STDOUT);
      for (int at = 0; at < input.length; at += 8192) {
        out.write(input, at, Math.min(8192, input.length - at));
      }
      out.finish();
    }
    List<String> lines = lines(file);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo(TS + " stdout P " + "x".repeat(CriLogWriter.MAX_LINE_BYTES));
    assertThat(lines.get(1)).isEqualTo(TS + " stdout P " + "x".repeat(CriLogWriter.MAX_LINE_BYTES));
    assertThat(lines.get(2)).isEqualTo(TS + " stdout F " + "x".repeat(10));
    // exactly the limit is still one whole line
    assertThat(lines.get(3)).isEqualTo(TS + " stdout F " + "y".repeat(CriLogWriter.MAX_LINE_BYTES));
  }

  @Test
  void anUnfinishedLongLineIsWrittenBeforeItsEnd() throws Exception {
    Path file = dir.resolve("0.log");
    try (CriLogWriter writer =
        CriLogWriter.open(file, LogRotation.DEFAULTS, InstantSource.fixed(T))) {
      CriLogWriter.Output out = writer.output(LogStream.STDOUT);
      byte[] chunk = bytes("z".repeat(CriLogWriter.MAX_LINE_BYTES + 1));
      out.write(chunk, 0, chunk.length);
      assertThat(lines(file))
          .containsExactly(TS + " stdout P " + "z".repeat(CriLogWriter.MAX_LINE_BYTES));
      out.write(bytes("\n"), 0, 1);
    }
    assertThat(lines(file)).last().isEqualTo(TS + " stdout F z");
  }

  @Test
  void timestampsHaveNineFractionDigits() throws Exception {
    Path file = dir.resolve("0.log");
    try (CriLogWriter writer =
        CriLogWriter.open(
            file,
            LogRotation.DEFAULTS,
            InstantSource.fixed(Instant.parse("2026-01-02T03:04:05Z")))) {
      writer.output(LogStream.STDOUT).write(bytes("a\n"), 0, 2);
    }
    assertThat(lines(file)).containsExactly("2026-01-02T03:04:05.000000000Z stdout F a");
  }
}
