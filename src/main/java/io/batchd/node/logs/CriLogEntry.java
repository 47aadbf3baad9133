package io.batchd.node.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One line of a CRI log file.
 *
 * @param partial tag {@code P}: a piece of a line, whose text ends without a line end
 * @param text the logged bytes; for a whole line ({@code F}) they end with {@code \n}, as the
 *     kubelet serves them
 */
record CriLogEntry(Instant time, LogStream stream, boolean partial, byte[] text) {

  /**
   * Parses {@code line} (without its own {@code \n}), as the kubelet's reader does; null when it is
   * not a CRI log line.
   */
  static CriLogEntry parse(byte[] line, int offset, int length) {
    int end = offset + length;
    int timeEnd = indexOf(line, offset, end, (byte) ' ');
    if (timeEnd < 0) {
      return null;
    }
    Instant time =
        CriTimestamps.parse(new String(line, offset, timeEnd - offset, StandardCharsets.US_ASCII));
    int streamEnd = indexOf(line, timeEnd + 1, end, (byte) ' ');
    if (time == null || streamEnd < 0) {
      return null;
    }
    LogStream stream =
        LogStream.fromWireName(
            new String(line, timeEnd + 1, streamEnd - timeEnd - 1, StandardCharsets.US_ASCII));
    int tagEnd = indexOf(line, streamEnd + 1, end, (byte) ' ');
    if (stream == null || tagEnd < 0) {
      return null;
    }
    // Tags are ':'-separated for forward compatibility; the first says whether the line is whole.
    boolean partial =
        line[streamEnd + 1] == 'P' && (tagEnd == streamEnd + 2 || line[streamEnd + 2] == ':');
    int textLength = end - tagEnd - 1;
    byte[] text = new byte[partial ? textLength : textLength + 1];
    System.arraycopy(line, tagEnd + 1, text, 0, textLength);
    if (!partial) {
      text[textLength] = '\n';
    }
    return new CriLogEntry(time, stream, partial, text);
  }

  private static int indexOf(byte[] bytes, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
