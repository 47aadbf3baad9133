package io.batchd.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenAuthenticatorTest {
  private static final String TOKEN = "s3cr3t-Token_value";
  private final BearerTokenAuthenticator authenticator = new BearerTokenAuthenticator(TOKEN);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer " + TOKEN,
        "bearer " + TOKEN,
        "BEARER " + TOKEN,
        "bEaReR " + TOKEN,
        "  Bearer " + TOKEN + "  ",
        "\tBearer " + TOKEN + "\t",
        // kube-apiserver splits on the first two spaces and ignores what follows the token.
        "Bearer " + TOKEN + " trailing words",
      })
  void acceptsTheTokenUnderTheBearerSchemeInAnyCase(String header) {
    assertThat(authenticator.authenticate(header)).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "   ",
        TOKEN,
        "Bearer",
        "Bearer ",
        "Bearer  " + TOKEN, // a second space makes the token empty, as upstream
        "Bearer\t" + TOKEN,
        "Basic " + TOKEN,
        "Token " + TOKEN,
        "Bearer " + TOKEN + "x",
        "Bearer " + "s3cr3t-Token_valuE",
        "Bearer s3cr3t-Token_valu",
        "Bearer " + TOKEN + "\u0000",
        "Bearer" + TOKEN,
      })
  void rejectsAnythingElse(String header) {
    assertThat(authenticator.authenticate(header)).isFalse();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void refusesABlankExpectedToken(String token) {
    assertThatThrownBy(() -> new BearerTokenAuthenticator(token))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsTheTokenThatServerCredentialsMade(@TempDir Path dataDir) {
    String token = ServerCredentials.loadOrCreate(dataDir, List.of()).token();

    assertThat(new BearerTokenAuthenticator(token).authenticate("Bearer " + token)).isTrue();
  }
}
