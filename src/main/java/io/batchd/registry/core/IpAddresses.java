package io.batchd.registry.core;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.FieldPath;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** IP address literals as upstream's {@code IsValidIP} accepts them, without any DNS lookup. */
final class IpAddresses {
  static final String INVALID = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpAddresses() {}

  static boolean isIpv4(String value) {
    var m = IPV4.matcher(value);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isIpv6(String value) {
    // Only hex digits, colons and dots reach the parser, so it never resolves a name.
    if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
      return false;
    }
    try {
      InetAddress.getByName(value);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static boolean isValid(String value) {
    return value != null && (isIpv4(value) || isIpv6(value));
  }

  static List<FieldError> validate(String value, FieldPath path) {
    return isValid(value)
        ? List.of()
        : List.of(FieldError.invalid(path.toString(), value, INVALID));
  }
}
