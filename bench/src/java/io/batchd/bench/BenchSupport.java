package io.batchd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small helpers every benchmark uses. */
public final class BenchSupport {
  private BenchSupport() {}

  public static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static double round(double x, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(x * scale) / scale;
  }

  static double doubleProperty(String name, double fallback) {
    String value = System.getProperty(name);
    return value == null ? fallback : Double.parseDouble(value);
  }
}
