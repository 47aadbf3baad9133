package io.batchd.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class AcceptHeaderTest {
  @ParameterizedTest
  @NullAndEmptySource
  void noPreferenceAllowsJson(String accept) {
    assertThat(AcceptHeader.allowsJson(accept)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|true",
        "application/json, */*|true",
        "*/*|true",
        "application/*;q=0.5|true",
        "APPLICATION/JSON|true",
        "application/com.github.proto-openapi.spec.v2@v1.0+protobuf|false",
        "application/com.github.proto-openapi.spec.v3.v1.0+protobuf, application/json|true",
        "application/json;q=0|false",
        "application/json;q=bad|false",
        "text/html|false"
      })
  void jsonIsAllowedWhenARangeWithWeightCoversIt(String accept, boolean allowed) {
    assertThat(AcceptHeader.allowsJson(accept)).isEqualTo(allowed);
  }
}
