package io.batchd.apiserver.openapi;

import java.util.Locale;

/**
 * Whether an {@code Accept} header lets the server answer with JSON, the only form batchd writes
 * its OpenAPI documents in. kube-apiserver also offers them as protobuf; a client that accepts only
 * protobuf gets 406, as kube-apiserver answers a form it cannot write.
 */
final class AcceptHeader {
  private AcceptHeader() {}

  /** True when {@code accept} is absent, or one of its ranges with a non-zero q covers JSON. */
  static boolean allowsJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
      if (!mediaType.equals("application/json")
          && !mediaType.equals("application/*")
          && !mediaType.equals("*/*")) {
        continue;
      }
      if (quality(parts) > 0) {
        return true;
      }
    }
    return false;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2));
        } catch (NumberFormatException e) {
          return 0; // a malformed weight gives the range no say
        }
      }
    }
    return 1;
  }
}
