package io.batchd.api.selectors;

import static io.batchd.api.selectors.UpstreamMessages.LABEL_VALUE;
import static io.batchd.api.selectors.UpstreamMessages.NAME_PART;
import static io.batchd.api.selectors.UpstreamMessages.PREFIX_PART_DNS;
import static io.batchd.api.selectors.UpstreamMessages.TOO_MANY_SLASHES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelValidationTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "A",
        "1",
        "app",
        "my.name",
        "123-abc",
        "My_Name",
        "example.com/app",
        "a.b-c.example/x",
        "k8s.io/app.kubernetes-name_1"
      })
  void acceptsQualifiedNames(String key) {
    assertThat(LabelValidation.qualifiedNameErrors(key)).isEmpty();
  }

  static Stream<Arguments> badQualifiedNames() {
    String long64 = "a".repeat(64);
    String longPrefix = "a".repeat(254);
    return Stream.of(
        Arguments.of("", List.of("name part must be non-empty", NAME_PART)),
        Arguments.of("-a", List.of(NAME_PART)),
        Arguments.of("a-", List.of(NAME_PART)),
        Arguments.of("a b", List.of(NAME_PART)),
        Arguments.of("a$", List.of(NAME_PART)),
        Arguments.of(long64, List.of("name part must be no more than 63 characters")),
        Arguments.of(
            "-" + long64, List.of("name part must be no more than 63 characters", NAME_PART)),
        Arguments.of("/a", List.of("prefix part must be non-empty")),
        Arguments.of("a/", List.of("name part must be non-empty", NAME_PART)),
        Arguments.of("Example.com/a", List.of(PREFIX_PART_DNS)),
        Arguments.of(longPrefix + "/a", List.of("prefix part must be no more than 253 characters")),
        Arguments.of("a/b/c", List.of(TOO_MANY_SLASHES)),
        // More than one slash short-circuits: the empty name part is not reported.
        Arguments.of("a//", List.of(TOO_MANY_SLASHES)));
  }

  @ParameterizedTest
  @MethodSource("badQualifiedNames")
  void refusesBadQualifiedNames(String key, List<String> expected) {
    assertThat(LabelValidation.qualifiedNameErrors(key)).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "MyValue", "my_value", "12345", "a.b-c_d"})
  void acceptsLabelValues(String value) {
    assertThat(LabelValidation.labelValueErrors(value)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "a ", "_a", "a.", "a/b", "a$b"})
  void refusesMalformedLabelValues(String value) {
    assertThat(LabelValidation.labelValueErrors(value)).containsExactly(LABEL_VALUE);
  }

  @org.junit.jupiter.api.Test
  void labelValueLengthIsCountedInBytes() {
    assertThat(LabelValidation.labelValueErrors("v".repeat(63))).isEmpty();
    assertThat(LabelValidation.labelValueErrors("v".repeat(64)))
        .containsExactly("must be no more than 63 characters");
    // 32 two-byte characters: 64 bytes, too long before the pattern is even considered.
    assertThat(LabelValidation.labelValueErrors("é".repeat(32)))
        .containsExactly("must be no more than 63 characters", LABEL_VALUE);
  }
}
