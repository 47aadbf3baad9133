package io.batchd.registry;

import io.batchd.api.errors.StatusException;

/** Parsing of client-supplied resourceVersions, which are store revisions in decimal. */
public final class ResourceVersions {
  private ResourceVersions() {}

  public static long parse(String resourceVersion) {
    try {
      long revision = Long.parseLong(resourceVersion);
      if (revision < 0) {
        throw new NumberFormatException();
      }
      return revision;
    } catch (NumberFormatException e) {
      throw StatusException.badRequest(
          "invalid resource version \""
              + resourceVersion
              + "\": pass a resourceVersion the server returned, or omit it");
    }
  }
}
