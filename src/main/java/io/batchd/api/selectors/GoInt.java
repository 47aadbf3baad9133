package io.batchd.api.selectors;

/** Go's {@code strconv.ParseInt(s, 10, 64)}, which the gt and lt operators use. */
final class GoInt {
  private GoInt() {}

  /**
   * The value of an optionally signed run of ASCII digits that fits in 64 bits, or {@code null}.
   * Unlike {@link Long#parseLong}, digits of other scripts are refused, as Go refuses them.
   */
  static Long parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    int start = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
    if (start == s.length()) {
      return null;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException outOfRange) {
      return null;
    }
  }
}
