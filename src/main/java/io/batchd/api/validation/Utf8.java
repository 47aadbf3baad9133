package io.batchd.api.validation;

import java.nio.charset.StandardCharsets;

/** Lengths as Go counts them: {@code len(s)} of a Go string is its UTF-8 byte count. */
final class Utf8 {
  private Utf8() {}

  static int length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
