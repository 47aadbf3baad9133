package io.batchd.controller.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Kubernetes timestamps (RFC 3339, whole seconds as metav1.Time serializes them) and Instants. */
final class Times {
  private Times() {}

  static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The instant of an RFC 3339 timestamp, or null when absent or malformed. */
  static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException malformed) {
      return null;
    }
  }
}
