package io.batchd.node.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * When a container's log file is rotated, as the kubelet's {@code containerLogMaxSize} and {@code
 * containerLogMaxFiles} settings say: the current file is renamed to {@code <file>.<UTC time>} once
 * it would grow beyond {@code maxSizeBytes}, and at most {@code maxFiles} files (the current one
 * included) are kept, the oldest rotated ones deleted.
 *
 * @param maxSizeBytes the largest size of the current file (a single batch of entries larger than
 *     this still goes into an otherwise empty file)
 * @param maxFiles how many files of one log are kept, the current one included; at least 2
 */
public record LogRotation(long maxSizeBytes, int maxFiles) {
  /** The kubelet's defaults: 10Mi and 5 files. */
  public static final LogRotation DEFAULTS = new LogRotation(10L * 1024 * 1024, 5);

  /*
   * The kubelet names rotated files with second precision (20060102-150405); nanoseconds keep the
   * names unique and in time order when small files rotate several times a second.
   */
  private static final DateTimeFormatter SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.nnnnnnnnn").withZone(ZoneOffset.UTC);

  public LogRotation {
    if (maxSizeBytes <= 0) {
      throw new IllegalArgumentException(
          "the container log max size must be positive, got " + maxSizeBytes);
    }
    if (maxFiles < 2) {
      // The kubelet's configuration validation: containerLogMaxFiles must be greater than 1.
      throw new IllegalArgumentException(
          "the container log max files must be greater than 1, got " + maxFiles);
    }
  }

  /** The name {@code file} gets when rotated at {@code time}. */
  static Path rotatedName(Path file, Instant time) {
    return file.resolveSibling(file.getFileName() + "." + SUFFIX.format(time));
  }

  /** The rotated files of {@code file}, oldest first. */
  public static List<Path> rotatedFiles(Path file) throws IOException {
    List<Path> rotated = new ArrayList<>();
    String prefix = file.getFileName() + ".";
    Path directory = file.toAbsolutePath().getParent();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, prefix + "*")) {
      for (Path entry : entries) {
        rotated.add(entry);
      }
    }
    // The suffix has a fixed width, so the names sort in time order.
    rotated.sort(null);
    return rotated;
  }
}
