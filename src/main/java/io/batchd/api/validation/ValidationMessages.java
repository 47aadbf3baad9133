package io.batchd.api.validation;

/**
 * The fixed phrases of upstream validation messages ({@code k8s.io/apimachinery}'s {@code
 * RegexError}, {@code MaxLenError} and friends), so that every validator words them identically.
 */
public final class ValidationMessages {
  /** Upstream's {@code IsNegativeErrorMsg}. */
  public static final String IS_NEGATIVE = "must be greater than or equal to 0";

  /** Upstream's {@code FieldImmutableErrorMsg}. */
  public static final String FIELD_IMMUTABLE = "field is immutable";

  /** Upstream's {@code EmptyError()}. */
  public static final String EMPTY = "must be non-empty";

  private ValidationMessages() {}

  /** {@code must be no more than 63 characters}. */
  public static String maxLen(int length) {
    return "must be no more than " + length + " characters";
  }

  /** {@code must be between 1 and 65535, inclusive}. */
  public static String inclusiveRange(long lo, long hi) {
    return "must be between " + lo + " and " + hi + ", inclusive";
  }

  /**
   * A failed pattern match explained: the rule, examples of valid values and the regex itself, e.g.
   * {@code ... (e.g. 'my-name' or '123-abc', regex used for validation is '...')}.
   */
  public static String regexError(String message, String regex, String... examples) {
    if (examples.length == 0) {
      return message + " (regex used for validation is '" + regex + "')";
    }
    StringBuilder s = new StringBuilder(message).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        s.append(" or ");
      }
      s.append('\'').append(examples[i]).append("', ");
    }
    return s.append("regex used for validation is '").append(regex).append("')").toString();
  }
}
