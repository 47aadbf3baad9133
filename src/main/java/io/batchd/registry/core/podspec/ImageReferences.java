package io.batchd.registry.core.podspec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tag of a container image reference the way the kubelet's {@code parsers.ParseImageName}
 * does (Docker's reference grammar, with {@code docker.io/library/} normalisation): an untagged,
 * undigested reference means {@code latest}; a reference that does not parse has no tag.
 */
final class ImageReferences {
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String HOST =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[(?:[a-fA-F0-9:]+)\\])";
  private static final String NAME =
      "(?:" + HOST + "(?::[0-9]+)?/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern REFERENCE =
      Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
  private static final int NAME_TOTAL_MAX_LENGTH = 255;

  private ImageReferences() {}

  /**
   * The tag of {@code image}: its explicit tag, {@code latest} when it has neither tag nor digest,
   * or the empty string when it has only a digest or does not parse.
   */
  static String tagOf(String image) {
    if (image == null || image.isEmpty() || IDENTIFIER.matcher(image).matches()) {
      return "";
    }
    String normalized = normalize(image);
    if (normalized == null) {
      return "";
    }
    Matcher m = REFERENCE.matcher(normalized);
    if (!m.matches() || m.group(1).length() > NAME_TOTAL_MAX_LENGTH) {
      return "";
    }
    String tag = m.group(2);
    if (tag != null) {
      return tag;
    }
    return m.group(3) == null ? "latest" : "";
  }

  // Docker Hub short names: "busybox" means "docker.io/library/busybox"; the first path element is
  // a registry only if it looks like a host. Repository paths must be lower case.
  private static String normalize(String image) {
    int slash = image.indexOf('/');
    String domain;
    String remainder;
    if (slash < 0
        || (!image.substring(0, slash).matches(".*[.:].*")
            && !image.substring(0, slash).equals("localhost")
            && image
                .substring(0, slash)
                .toLowerCase(Locale.ROOT)
                .equals(image.substring(0, slash)))) {
      domain = "docker.io";
      remainder = image;
    } else {
      domain = image.substring(0, slash);
      remainder = image.substring(slash + 1);
    }
    if (domain.equals("docker.io") && remainder.indexOf('/') < 0) {
      remainder = "library/" + remainder;
    }
    // Upstream checks the case of everything before the first ':' of the remainder.
    int colon = remainder.indexOf(':');
    String repository = colon < 0 ? remainder : remainder.substring(0, colon);
    if (!repository.toLowerCase(Locale.ROOT).equals(repository)) {
      return null;
    }
    return domain + "/" + remainder;
  }
}
