package io.batchd.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Port numbers and IANA service names, as upstream's {@code IsValidPortNum}/{@code Name}. */
public final class Ports {
  private static final Pattern NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
  private static final Pattern ONE_LETTER = Pattern.compile(".*[a-z].*", Pattern.DOTALL);

  private Ports() {}

  /** A non-zero TCP/UDP port number. */
  public static List<String> isValidPortNum(long port) {
    return port >= 1 && port <= 65535
        ? List.of()
        : List.of(ValidationMessages.inclusiveRange(1, 65535));
  }

  /**
   * A port name: at most 15 of {@code [-a-z0-9]}, with a letter, no leading/trailing/double dash.
   */
  public static List<String> isValidPortName(String port) {
    List<String> errs = new ArrayList<>();
    if (Utf8.length(port) > 15) {
      errs.add(ValidationMessages.maxLen(15));
    }
    if (!NAME_CHARSET.matcher(port).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!ONE_LETTER.matcher(port).matches()) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (port.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!port.isEmpty() && (port.startsWith("-") || port.endsWith("-"))) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }
}
