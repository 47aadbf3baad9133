package io.batchd.api.selectors;

import io.batchd.api.errors.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders values and errors the way kube-apiserver's Go code prints them, so that messages built
 * here are byte-for-byte what clients see from a real cluster.
 *
 * <p>Only what the selector messages need: Go's {@code %q} for strings, {@code encoding/json} for
 * string lists, a field error's {@code Error()} text, and an aggregate of several errors.
 */
final class GoText {
  private GoText() {}

  /**
   * Go's string order: by UTF-8 bytes, which is code-point order. Java's {@link String#compareTo}
   * compares UTF-16 units and disagrees for characters beyond the basic plane.
   */
  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** Go's {@code strconv.Quote}. */
  static String quote(String s) {
    return io.batchd.api.GoStrings.quote(s);
  }

  /**
   * A string list as Go's {@code json.Marshal} writes it; a missing list is {@code null}, as a nil
   * slice is. Field errors print non-string bad values this way.
   */
  static String jsonList(List<String> values) {
    if (values == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      jsonString(b, values.get(i) == null ? "" : values.get(i));
    }
    return b.append(']').toString();
  }

  private static void jsonString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        // Go escapes these for safe embedding in HTML and JavaScript.
        case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < ' ') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /**
   * A field error as Go's {@code field.Error.Error()} prints it. Strings are quoted with {@code
   * %q}; a {@link Rendered} bad value is printed as it is.
   */
  static String error(FieldError e) {
    StringBuilder s = new StringBuilder(e.field()).append(": ").append(e.type().text());
    switch (e.type()) {
      case REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL -> {}
      default -> {
        s.append(": ");
        if (e.badValue() instanceof String str) {
          s.append(quote(str));
        } else {
          s.append(e.badValue());
        }
      }
    }
    if (e.detail() != null && !e.detail().isEmpty()) {
      s.append(": ").append(e.detail());
    }
    return s.toString();
  }

  /**
   * Several errors as one message, the way Go's {@code utilerrors.NewAggregate} prints them: a
   * single distinct message alone, several distinct messages in brackets, duplicates dropped.
   */
  static String aggregate(List<FieldError> errors) {
    List<String> texts = new ArrayList<>();
    for (FieldError e : errors) {
      texts.add(error(e));
    }
    Set<String> distinct = new LinkedHashSet<>(texts);
    String joined = String.join(", ", distinct);
    return distinct.size() == 1 ? joined : "[" + joined + "]";
  }

  /**
   * A bad value already rendered as Go would print it (a JSON list, for instance); wrapping it
   * keeps {@link #error} from quoting it again.
   */
  record Rendered(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
