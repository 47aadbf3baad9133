package io.batchd.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Keys of ConfigMaps and Secrets, as upstream's {@code IsConfigMapKey}. */
public final class ConfigMapKeys {
  private static final String FMT = "[-._a-zA-Z0-9]+";
  private static final Pattern KEY = Pattern.compile(FMT);

  private ConfigMapKeys() {}

  /** The reasons {@code value} is not a usable key. */
  public static List<String> isConfigMapKey(String value) {
    List<String> errs = new ArrayList<>();
    if (Utf8.length(value) > DnsNames.SUBDOMAIN_MAX_LENGTH) {
      errs.add(ValidationMessages.maxLen(DnsNames.SUBDOMAIN_MAX_LENGTH));
    }
    if (!KEY.matcher(value).matches()) {
      errs.add(
          ValidationMessages.regexError(
              "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
              FMT,
              "key.name",
              "KEY_NAME",
              "key-name"));
    }
    if (value.equals(".")) {
      errs.add("must not be '.'");
    } else if (value.equals("..")) {
      errs.add("must not be '..'");
    } else if (value.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }
}
