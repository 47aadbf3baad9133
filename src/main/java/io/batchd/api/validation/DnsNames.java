package io.batchd.api.validation;

import io.batchd.api.selectors.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 1123 label and subdomain checks with upstream's messages ({@code IsDNS1123Label}, {@code
 * IsDNS1123Subdomain}, {@code NameIsDNSSubdomain}, {@code NameIsDNSLabel}). Each check returns the
 * list of reasons the value is invalid, empty when it is valid. Subdomains are checked by the
 * selectors' {@link LabelValidation}, so that both word them the same.
 */
public final class DnsNames {
  public static final int LABEL_MAX_LENGTH = 63;
  public static final int SUBDOMAIN_MAX_LENGTH = 253;

  static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
  private static final String LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character";
  private static final Pattern LABEL = Pattern.compile(LABEL_FMT);
  private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);

  private DnsNames() {}

  /** A DNS label: at most 63 characters of {@code [a-z0-9-]}, alphanumeric at both ends. */
  public static List<String> isDns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (Utf8.length(value) > LABEL_MAX_LENGTH) {
      errs.add(ValidationMessages.maxLen(LABEL_MAX_LENGTH));
    }
    if (!LABEL.matcher(value).matches()) {
      // A valid subdomain that is not a label can only be one with dots; say so plainly.
      errs.add(
          SUBDOMAIN.matcher(value).matches()
              ? "must not contain dots"
              : ValidationMessages.regexError(LABEL_MSG, LABEL_FMT, "my-name", "123-abc"));
    }
    return errs;
  }

  /** A DNS subdomain: dot-separated labels, at most 253 characters in all. */
  public static List<String> isDns1123Subdomain(String value) {
    return LabelValidation.dns1123SubdomainErrors(value);
  }

  /**
   * Object names that must be DNS subdomains (Jobs, Pods, Secrets...). With {@code prefix} the
   * value is a {@code generateName}, to which random characters are appended, so a trailing dash is
   * allowed.
   */
  public static List<String> nameIsDnsSubdomain(String name, boolean prefix) {
    return isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
  }

  /** Object names that must be DNS labels (namespaces); {@code prefix} as above. */
  public static List<String> nameIsDnsLabel(String name, boolean prefix) {
    return isDns1123Label(prefix ? maskTrailingDash(name) : name);
  }

  // Upstream replaces the last two characters with "a" (not just the dash); kept for identical
  // results on names such as "a-".
  private static String maskTrailingDash(String name) {
    if (name.length() > 1 && name.endsWith("-")) {
      return name.substring(0, name.length() - 2) + "a";
    }
    return name;
  }
}
