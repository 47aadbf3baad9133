package io.batchd.node.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The timestamps of CRI log lines and of {@code kubectl logs --timestamps}. */
final class CriTimestamps {
  /**
   * Go's RFC3339NanoFixed: always nine fraction digits, so lines compare as text too. The kubelet
   * writes {@code --timestamps} prefixes this way; the file may hold either form, parsing accepts
   * any fraction length.
   */
  private static final DateTimeFormatter FIXED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private CriTimestamps() {}

  static String format(Instant time) {
    return FIXED.format(time);
  }

  /** Parses an RFC 3339 timestamp with any fraction and offset; null when it is not one. */
  static Instant parse(String text) {
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
