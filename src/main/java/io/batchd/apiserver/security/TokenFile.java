package io.batchd.apiserver.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** The server's bearer token, kept in one file readable only by its owner. */
final class TokenFile {
  /** 32 bytes: 256 bits, beyond any guessing, as a 43-character base64url string. */
  static final int TOKEN_BYTES = 32;

  /**
   * RFC 6750's b64token: a token with other characters (a space above all) could not travel in an
   * {@code Authorization: Bearer} header intact.
   */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  private TokenFile() {}

  /**
   * The token in {@code file}, or a new random one written there (mode 0600) if the file does not
   * exist.
   *
   * @throws IllegalStateException if the file exists but holds no usable token
   */
  static String loadOrCreate(Path file, SecureRandom random) {
    if (Files.exists(file)) {
      String token = read(file);
      if (!B64TOKEN.matcher(token).matches()) {
        throw new IllegalStateException(
            file
                + " does not hold a bearer token (one line of letters, digits and -._~+/=);"
                + " delete it to have a new token made");
      }
      return token;
    }
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    PrivateFiles.writeOwnerOnly(file, token + "\n");
    return token;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
