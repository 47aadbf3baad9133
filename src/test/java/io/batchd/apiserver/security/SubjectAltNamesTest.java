package io.batchd.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectAltNamesTest {
  @ParameterizedTest(name = "{0} is a {1} name written as {2}")
  @CsvSource({
    "localhost,          DNS, localhost",
    "Batchd.Example.COM, DNS, batchd.example.com",
    "*.example.com,      DNS, *.example.com",
    "127.0.0.1,          IP,  127.0.0.1",
    "::1,                IP,  ::1",
    "'[fd00::7]',        IP,  fd00::7",
    "10.1.2.3,           IP,  10.1.2.3",
    "10.1.2.300,         DNS, 10.1.2.300",
    "' host.example ',   DNS, host.example",
  })
  void eachNameIsClassifiedAsAnIpAddressOrADnsName(String text, String kind, String written) {
    SubjectAltNames names = SubjectAltNames.of(List.of(text));

    GeneralName name = names.toGeneralNames().getNames()[0];
    assertThat(name.getTagNo())
        .isEqualTo(kind.equals("IP") ? GeneralName.iPAddress : GeneralName.dNSName);
    assertThat(names.texts()).containsExactly(written);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "[]",
        "https://batchd.example.com",
        "batchd.example.com:6443",
        "two words",
        "-leading.example",
        "trailing-.example",
        "a..b",
        "127.0.0.1/8"
      })
  void namesThatAreNeitherAnAddressNorADnsNameAreRejected(String text) {
    assertThatThrownBy(() -> SubjectAltNames.of(List.of("localhost", text)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSameAddressWrittenTwoWaysIsOneName() {
    SubjectAltNames names = SubjectAltNames.of(List.of("::1", "0:0:0:0:0:0:0:1", "LOCALHOST"));

    assertThat(names.toGeneralNames().getNames()).hasSize(2);
  }

  @Test
  void machineDefaultsComeFirstThenTheExtraNames() {
    assertThat(SubjectAltNames.withMachineDefaults(List.of("extra.example")).texts())
        .startsWith("localhost", "127.0.0.1", "::1")
        .endsWith("extra.example");
  }
}
