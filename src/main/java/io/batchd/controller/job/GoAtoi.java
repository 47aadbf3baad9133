package io.batchd.controller.job;

/**
 * Go's {@code strconv.Atoi} as upstream's Job controller reads indexes and counts: an optional sign
 * and decimal digits, nothing else. Parsed by hand because it runs for every pod of a Job on every
 * sync (sorting 10,000 pods by index calls it ~140,000 times), where a regular expression compiled
 * per call was the controller's main cost.
 */
final class GoAtoi {
  private GoAtoi() {}

  /** The value, or null if {@code s} is null, not an optional sign and digits, or not a long. */
  static Long parseLong(String s) {
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
      return Long.parseLong(s.charAt(0) == '+' ? s.substring(1) : s);
    } catch (NumberFormatException overflow) {
      return null;
    }
  }

  /** The same within an int. */
  static Integer parseInt(String s) {
    Long value = parseLong(s);
    return value == null || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE
        ? null
        : value.intValue();
  }
}
