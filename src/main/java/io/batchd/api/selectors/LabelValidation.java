package io.batchd.api.selectors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for label keys and label values, with its error messages (Kubernetes 1.32
 * wording). Each check returns the list of problems, empty when the input is valid, so callers can
 * wrap them in field errors at whatever path they are validating.
 *
 * <p>Lengths are counted in UTF-8 bytes, as Go's {@code len} counts them.
 */
public final class LabelValidation {
  private LabelValidation() {}

  /** Maximum length of a label value, and of the name part of a qualified name. */
  public static final int LABEL_VALUE_MAX_LENGTH = 63;

  private static final int QUALIFIED_NAME_MAX_LENGTH = 63;
  private static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String QUALIFIED_NAME_ERR =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character";
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);

  private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  private static final String LABEL_VALUE_ERR =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character";
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);

  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN_FMT =
      DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final String DNS1123_SUBDOMAIN_ERR =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character";
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);

  /**
   * Problems with a label key, a "qualified name": an optional DNS subdomain prefix and a slash,
   * then a name of at most 63 alphanumerics, {@code -}, {@code _} and {@code .}, starting and
   * ending alphanumeric.
   */
  public static List<String> qualifiedNameErrors(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    switch (parts.length) {
      case 1 -> name = parts[0];
      case 2 -> {
        String prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty()) {
          errs.add("prefix part " + emptyError());
        } else {
          for (String msg : dns1123SubdomainErrors(prefix)) {
            errs.add("prefix part " + msg);
          }
        }
      }
      default -> {
        // More than one slash: upstream reports only this and stops.
        errs.add(
            "a qualified name "
                + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        return errs;
      }
    }
    if (name.isEmpty()) {
      errs.add("name part " + emptyError());
    } else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) {
      errs.add("name part " + maxLenError(QUALIFIED_NAME_MAX_LENGTH));
    }
    // Checked even when empty or too long: upstream then reports two problems at once.
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errs.add(
          "name part "
              + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  /** Problems with a label value: empty, or up to 63 characters shaped like a qualified name. */
  public static List<String> labelValueErrors(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) {
      errs.add(maxLenError(LABEL_VALUE_MAX_LENGTH));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** Problems with a lowercase RFC 1123 subdomain such as {@code example.com}. */
  public static List<String> dns1123SubdomainErrors(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
      errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errs.add(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  private static String emptyError() {
    return "must be non-empty";
  }

  private static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  /**
   * Upstream's regex message. The doubled space in {@code 'MyName', or 'my.name'} is upstream's:
   * each example ends in ", " and the next begins with " or ".
   */
  private static String regexError(String msg, String regex, String... examples) {
    StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        s.append(" or ");
      }
      s.append('\'').append(examples[i]).append("', ");
    }
    return s.append("regex used for validation is '").append(regex).append("')").toString();
  }

  static int byteLength(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
