package io.batchd.api;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as Go's {@code time.Duration} prints them, which upstream messages embed: {@code 10s},
 * {@code 1m20s}, {@code 5m0s}, {@code 1h0m0s}, {@code 1.5s}, {@code 250ms}.
 */
public final class GoDuration {
  private GoDuration() {}

  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    String sign = d.isNegative() ? "-" : "";
    Duration a = d.abs();
    long nanos = a.toNanos();
    if (nanos < 1_000) {
      return sign + nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return sign + decimal(nanos, 1_000) + "µs";
    }
    if (nanos < 1_000_000_000) {
      return sign + decimal(nanos, 1_000_000) + "ms";
    }
    long hours = a.toHours();
    long minutes = a.toMinutesPart();
    String seconds = decimal(nanos % 60_000_000_000L, 1_000_000_000) + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + seconds;
    }
    if (minutes > 0) {
      return sign + minutes + "m" + seconds;
    }
    return sign + seconds;
  }

  private static String decimal(long value, long unit) {
    return BigDecimal.valueOf(value)
        .divide(BigDecimal.valueOf(unit))
        .stripTrailingZeros()
        .toPlainString();
  }
}
