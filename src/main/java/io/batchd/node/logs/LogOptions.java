package io.batchd.node.logs;

import java.time.Instant;

/**
 * The pod log options a reader honours (the {@code container} and {@code previous} options choose
 * the file and are the caller's).
 *
 * @param follow keep reading until the container has ended and the file is drained
 * @param tailLines only the last this many lines of the file, or null for all
 * @param since only lines logged at or after this time, or null
 * @param timestamps prefix each entry with its time in RFC3339Nano (nine fraction digits)
 * @param limitBytes stop after this many bytes of output, or null
 */
public record LogOptions(
    boolean follow, Long tailLines, Instant since, boolean timestamps, Long limitBytes) {

  public static final LogOptions DEFAULTS = new LogOptions(false, null, null, false, null);

  /**
   * The options of a {@code /log} request, converted as the kubelet converts them: {@code
   * sinceSeconds} counts back from {@code now}, and when both since options are given the later
   * time wins. Values must have been validated (positive numbers).
   */
  public static LogOptions of(
      boolean follow,
      Long tailLines,
      Long sinceSeconds,
      Instant sinceTime,
      boolean timestamps,
      Long limitBytes,
      Instant now) {
    Instant since = sinceSeconds == null ? null : now.minusSeconds(sinceSeconds);
    if (sinceTime != null && (since == null || sinceTime.isAfter(since))) {
      since = sinceTime;
    }
    return new LogOptions(follow, tailLines, since, timestamps, limitBytes);
  }
}
