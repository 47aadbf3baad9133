package io.batchd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DnsNamesTest {
  static final String LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
          + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  static final String SUBDOMAIN_MSG =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "my-job", "a1-b2"})
  void acceptsLabels(String value) {
    assertThat(DnsNames.isDns1123Label(value)).isEmpty();
  }

  @Test
  void labelsAreLowerCaseAlphanumericsAndDashes() {
    assertThat(DnsNames.isDns1123Label("My_Job")).containsExactly(LABEL_MSG);
    assertThat(DnsNames.isDns1123Label("-a")).containsExactly(LABEL_MSG);
    assertThat(DnsNames.isDns1123Label("")).containsExactly(LABEL_MSG);
  }

  @Test
  void aSubdomainIsReportedAsALabelWithDots() {
    assertThat(DnsNames.isDns1123Label("a.b")).containsExactly("must not contain dots");
  }

  @Test
  void labelsAreAtMost63Characters() {
    assertThat(DnsNames.isDns1123Label("a".repeat(63))).isEmpty();
    assertThat(DnsNames.isDns1123Label("a".repeat(64)))
        .containsExactly("must be no more than 63 characters");
  }

  @Test
  void subdomainsAreDottedLabels() {
    assertThat(DnsNames.isDns1123Subdomain("example.com")).isEmpty();
    assertThat(DnsNames.isDns1123Subdomain("Example.com")).containsExactly(SUBDOMAIN_MSG);
    assertThat(DnsNames.isDns1123Subdomain("a..b")).containsExactly(SUBDOMAIN_MSG);
  }

  @Test
  void subdomainsAreAtMost253Characters() {
    assertThat(DnsNames.isDns1123Subdomain("a".repeat(253))).isEmpty();
    assertThat(DnsNames.isDns1123Subdomain("a".repeat(254)))
        .containsExactly("must be no more than 253 characters");
  }

  @Test
  void generateNamePrefixesMayEndWithADash() {
    assertThat(DnsNames.nameIsDnsSubdomain("job-", true)).isEmpty();
    assertThat(DnsNames.nameIsDnsSubdomain("job-", false)).containsExactly(SUBDOMAIN_MSG);
    assertThat(DnsNames.nameIsDnsLabel("ns-", true)).isEmpty();
  }
}
