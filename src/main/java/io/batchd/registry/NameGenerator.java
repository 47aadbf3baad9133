package io.batchd.registry;

import java.security.SecureRandom;

/** Names for {@code generateName}: the prefix plus five characters, as upstream chooses them. */
final class NameGenerator {
  // Upstream leaves out vowels and look-alike characters so that no words or ambiguities appear.
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int MAX_PREFIX = 63 - 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private NameGenerator() {}

  static String generate(String prefix) {
    String base = prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix;
    StringBuilder name = new StringBuilder(base);
    for (int i = 0; i < 5; i++) {
      name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return name.toString();
  }
}
