package io.batchd.apiserver.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Checks an {@code Authorization} header against the one bearer token the server accepts.
 *
 * <p>The header is read the way kube-apiserver's bearertoken authenticator reads it: surrounding
 * whitespace is ignored, the scheme {@code Bearer} matches in any case, exactly one space separates
 * it from the token, and the token ends at the next space (anything after it is ignored).
 *
 * <p>Thread-safe.
 */
public final class BearerTokenAuthenticator {
  private static final String SCHEME = "bearer";

  private final byte[] expected;

  /**
   * @param expectedToken the token clients must present
   * @throws IllegalArgumentException if the token is null or blank: it would let anyone in, or no
   *     one
   */
  public BearerTokenAuthenticator(String expectedToken) {
    if (expectedToken == null || expectedToken.isBlank()) {
      throw new IllegalArgumentException("the expected bearer token must not be blank");
    }
    this.expected = expectedToken.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code authorizationHeader} is {@code Bearer <the expected token>}.
   *
   * @param authorizationHeader the header's value, or null if the request has none
   */
  public boolean authenticate(String authorizationHeader) {
    if (authorizationHeader == null) {
      return false;
    }
    String[] parts = authorizationHeader.strip().split(" ", 3);
    if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return false;
    }
    String token = parts[1];
    if (token.isEmpty()) {
      return false; // "Bearer  x": upstream rejects a token preceded by a second space
    }
    // MessageDigest.isEqual takes the same time wherever the first differing byte is, so response
    // times do not reveal how much of a guessed token was right.
    return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8));
  }
}
