package io.batchd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Environment variable names, ports, ConfigMap keys and domain-prefixed paths. */
class NameFormatsTest {

  @Test
  void envVarNamesArePrintableAsciiWithoutEquals() {
    assertThat(EnvVarNames.isRelaxedEnvVarName("1st value.x-y")).isEmpty();
    assertThat(EnvVarNames.isRelaxedEnvVarName("A=B"))
        .containsExactly(
            "a valid environment variable name must consist only of printable ASCII characters"
                + " other than '='");
    assertThat(EnvVarNames.isRelaxedEnvVarName("é")).hasSize(1);
    assertThat(EnvVarNames.isRelaxedEnvVarName(""))
        .containsExactly("environment variable name must be non-empty");
  }

  @Test
  void portNumbersAreFrom1To65535() {
    assertThat(Ports.isValidPortNum(1)).isEmpty();
    assertThat(Ports.isValidPortNum(65535)).isEmpty();
    assertThat(Ports.isValidPortNum(0)).containsExactly("must be between 1 and 65535, inclusive");
  }

  @Test
  void portNamesAreShortLowerCaseWithALetter() {
    assertThat(Ports.isValidPortName("http-2")).isEmpty();
    assertThat(Ports.isValidPortName("123"))
        .containsExactly("must contain at least one letter (a-z)");
    assertThat(Ports.isValidPortName("a--b"))
        .containsExactly("must not contain consecutive hyphens");
    assertThat(Ports.isValidPortName("-ab")).containsExactly("must not begin or end with a hyphen");
    assertThat(Ports.isValidPortName("abcdefghijklmnop"))
        .containsExactly("must be no more than 15 characters");
  }

  @Test
  void configMapKeys() {
    assertThat(ConfigMapKeys.isConfigMapKey("app.conf")).isEmpty();
    assertThat(ConfigMapKeys.isConfigMapKey("..data")).containsExactly("must not start with '..'");
    assertThat(ConfigMapKeys.isConfigMapKey("a/b"))
        .containsExactly(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g."
                + " 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is"
                + " '[-._a-zA-Z0-9]+')");
  }

  @Test
  void domainPrefixedPaths() {
    FieldPath p = FieldPath.of("spec", "managedBy");
    assertThat(DomainPrefixedPaths.validate(p, "kueue.x-k8s.io/multikueue")).isEmpty();
    assertThat(DomainPrefixedPaths.validate(p, ""))
        .extracting(e -> e.message())
        .containsExactly("spec.managedBy: Required value");
    assertThat(DomainPrefixedPaths.validate(p, "acme.io/"))
        .extracting(e -> e.message())
        .containsExactly(
            "spec.managedBy: Invalid value: \"acme.io/\": must be a domain-prefixed path (such as"
                + " \"acme.io/foo\")");
  }
}
