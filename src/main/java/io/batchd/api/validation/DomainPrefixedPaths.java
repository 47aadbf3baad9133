package io.batchd.api.validation;

import io.batchd.api.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Values such as {@code acme.io/foo}: a DNS-subdomain host, a slash, then an HTTP path (upstream's
 * {@code IsDomainPrefixedPath}, used for a Job's {@code spec.managedBy}).
 */
public final class DomainPrefixedPaths {
  private static final String PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
  private static final Pattern PATH = Pattern.compile(PATH_FMT);

  private DomainPrefixedPaths() {}

  public static List<FieldError> validate(FieldPath path, String value) {
    List<FieldError> errs = new ArrayList<>();
    String field = path.toString();
    if (value.isEmpty()) {
      errs.add(FieldError.required(field, ""));
      return errs;
    }
    int slash = value.indexOf('/');
    if (slash <= 0 || slash == value.length() - 1) {
      errs.add(
          FieldError.invalid(
              field, value, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
      return errs;
    }
    String host = value.substring(0, slash);
    for (String msg : DnsNames.isDns1123Subdomain(host)) {
      errs.add(FieldError.invalid(field, host, msg));
    }
    String rest = value.substring(slash + 1);
    if (!PATH.matcher(rest).matches()) {
      errs.add(
          FieldError.invalid(field, rest, ValidationMessages.regexError("Invalid path", PATH_FMT)));
    }
    return errs;
  }
}
