package io.batchd.apiserver.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an {@code Authorization} header against the bearer tokens the server accepts and tells
 * whose token it is.
 *
 * <p>The header is read the way kube-apiserver's bearertoken authenticator reads it: surrounding
 * whitespace is ignored, the scheme {@code Bearer} matches in any case, exactly one space separates
 * it from the token, and the token ends at the next space (anything after it is ignored).
 *
 * <p>Thread-safe.
 */
public final class BearerTokenAuthenticator {
  private static final String SCHEME = "bearer";

  private final Map<String, UserInfo> users;

  /**
   * @param expectedToken the token clients must present
   * @throws IllegalArgumentException if the token is null or blank: it would let anyone in, or no
   *     one
   */
  public BearerTokenAuthenticator(String expectedToken) {
    if (expectedToken == null || expectedToken.isBlank()) {
      throw new IllegalArgumentException("the expected bearer token must not be blank");
    }
    this.users = Map.of(expectedToken, UserInfo.ADMIN);
  }

  /**
   * An authenticator for several users, such as the server's own token and those of a token file.
   */
  public BearerTokenAuthenticator(Map<String, UserInfo> users) {
    if (users.isEmpty() || users.keySet().stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("bearer tokens must not be blank");
    }
    this.users = Map.copyOf(users);
  }

  /**
   * Whether {@code authorizationHeader} is {@code Bearer <the expected token>}.
   *
   * @param authorizationHeader the header's value, or null if the request has none
   */
  public boolean authenticate(String authorizationHeader) {
    return user(authorizationHeader).isPresent();
  }

  /** The user whose token the header carries, or empty. */
  public Optional<UserInfo> user(String authorizationHeader) {
    if (authorizationHeader == null) {
      return Optional.empty();
    }
    String[] parts = authorizationHeader.strip().split(" ", 3);
    if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return Optional.empty();
    }
    String token = parts[1];
    if (token.isEmpty()) {
      return Optional.empty(); // "Bearer  x": upstream rejects a token preceded by a second space
    }
    // MessageDigest.isEqual takes the same time wherever the first differing byte is, so response
    // times do not reveal how much of a guessed token was right; every token is compared.
    byte[] presented = token.getBytes(StandardCharsets.UTF_8);
    UserInfo found = null;
    for (Map.Entry<String, UserInfo> e : users.entrySet()) {
      if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), presented)) {
        found = e.getValue();
      }
    }
    return Optional.ofNullable(found);
  }
}
