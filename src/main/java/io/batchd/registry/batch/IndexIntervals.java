package io.batchd.registry.batch;

import io.batchd.api.validation.GoValues;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The interval text format of completion indexes ({@code "1,3-5,7"}) used by {@code
 * successPolicy.rules[*].succeededIndexes}, {@code status.completedIndexes} and {@code
 * status.failedIndexes}: comma-separated indexes or {@code a-b} ranges, each below {@code
 * completions}, in strictly increasing order. Error texts are upstream's.
 */
final class IndexIntervals {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  /** Outcome of a parse: the number of indexes, or why the text is malformed. */
  record Result(int total, String error) {
    boolean ok() {
      return error == null;
    }
  }

  private record Interval(long first, long last) {}

  private IndexIntervals() {}

  /** Upstream's {@code validateIndexesFormat}: the count of indexes, or the first error. */
  static Result parse(String text, int completions) {
    if (text == null || text.isEmpty()) {
      return new Result(0, null);
    }
    Long lastIndex = null;
    int total = 0;
    for (String part : text.split(",", -1)) {
      ParsedInterval p = parseInterval(part, completions);
      if (p.error() != null) {
        return new Result(0, p.error());
      }
      Interval i = p.interval();
      if (lastIndex != null && lastIndex >= i.first()) {
        return new Result(0, nonIncreasing(lastIndex, i.first()));
      }
      total += (int) (i.last() - i.first() + 1);
      lastIndex = i.last();
    }
    return new Result(total, null);
  }

  /**
   * Upstream's {@code validateFailedIndexesNotOverlapCompleted}: the overlap error, if an index is
   * both completed and failed. Malformed intervals are skipped; the format check reports them.
   */
  static Optional<String> overlap(String completed, String failed, int completions) {
    if (completed == null || completed.isEmpty() || failed == null || failed.isEmpty()) {
      return Optional.empty();
    }
    String[] c = completed.split(",", -1);
    String[] f = failed.split(",", -1);
    int ci = 0;
    int fi = 0;
    ParsedInterval cp = parseInterval(c[0], completions);
    ParsedInterval fp = parseInterval(f[0], completions);
    while (ci < c.length && fi < f.length) {
      if (cp.error() != null) {
        ci++;
        if (ci < c.length) {
          cp = parseInterval(c[ci], completions);
        }
      } else if (fp.error() != null) {
        fi++;
        if (fi < f.length) {
          fp = parseInterval(f[fi], completions);
        }
      } else {
        Interval ca = cp.interval();
        Interval fa = fp.interval();
        if (ca.first() <= fa.last() && fa.first() <= ca.last()) {
          return Optional.of(
              "failedIndexes and completedIndexes overlap at index: "
                  + Math.max(ca.first(), fa.first()));
        }
        if (ca.first() <= fa.first()) {
          ci++;
          if (ci < c.length) {
            cp = parseInterval(c[ci], completions);
          }
        } else {
          fi++;
          if (fi < f.length) {
            fp = parseInterval(f[fi], completions);
          }
        }
      }
    }
    return Optional.empty();
  }

  private record ParsedInterval(Interval interval, String error) {}

  private static ParsedInterval parseInterval(String text, int completions) {
    String[] limits = text.split("-", -1);
    if (limits.length > 2) {
      return failure(
          "the fragment "
              + GoValues.quote(text)
              + " violates the requirement that an index interval can have at most two parts"
              + " separated by '-'");
    }
    Long x = atoi(limits[0]);
    if (x == null) {
      return failure(cannotConvert(limits[0]));
    }
    if (x >= completions) {
      return failure(tooLarge(limits[0]));
    }
    if (limits.length == 1) {
      return new ParsedInterval(new Interval(x, x), null);
    }
    Long y = atoi(limits[1]);
    if (y == null) {
      return failure(cannotConvert(limits[1]));
    }
    if (y >= completions) {
      return failure(tooLarge(limits[1]));
    }
    if (x >= y) {
      return failure(nonIncreasing(x, y));
    }
    return new ParsedInterval(new Interval(x, y), null);
  }

  // Go's strconv.Atoi: optional sign, decimal digits, within int64.
  private static Long atoi(String s) {
    if (!INTEGER.matcher(s).matches()) {
      return null;
    }
    BigInteger v = new BigInteger(s.startsWith("+") ? s.substring(1) : s);
    return v.bitLength() < 64 ? v.longValue() : null;
  }

  private static ParsedInterval failure(String error) {
    return new ParsedInterval(null, error);
  }

  private static String cannotConvert(String s) {
    return "cannot convert string to integer for index: " + GoValues.quote(s);
  }

  private static String tooLarge(String s) {
    return "too large index: " + GoValues.quote(s);
  }

  private static String nonIncreasing(long previous, long current) {
    return "non-increasing order, previous: " + previous + ", current: " + current;
  }
}
