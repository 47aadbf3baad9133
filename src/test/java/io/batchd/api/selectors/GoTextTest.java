package io.batchd.api.selectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.errors.FieldError;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoTextTest {

  static Stream<Arguments> quoted() {
    return Stream.of(
        Arguments.of("abc", "\"abc\""),
        Arguments.of("", "\"\""),
        Arguments.of("a\"b\\c", "\"a\\\"b\\\\c\""),
        Arguments.of("tab\there", "\"tab\\there\""),
        Arguments.of("\u0007\b\f\n\r\u000b", "\"\\a\\b\\f\\n\\r\\v\""),
        Arguments.of("\u0001\u007f", "\"\\x01\\x7f\""),
        Arguments.of("é日本", "\"é日本\""),
        Arguments.of("\u00a0", "\"\\u00a0\""),
        Arguments.of("\ud83d\ude00", "\"\ud83d\ude00\""));
  }

  @ParameterizedTest
  @MethodSource("quoted")
  void quotesAsGoPercentQ(String in, String expected) {
    assertThat(GoText.quote(in)).isEqualTo(expected);
  }

  @Test
  void rendersStringListsAsGoJson() {
    assertThat(GoText.jsonList(null)).isEqualTo("null");
    assertThat(GoText.jsonList(List.of())).isEqualTo("[]");
    assertThat(GoText.jsonList(List.of("a", "b\"c"))).isEqualTo("[\"a\",\"b\\\"c\"]");
    assertThat(GoText.jsonList(Arrays.asList("<&>", null, "\n\u0001")))
        .isEqualTo("[\"\\u003c\\u0026\\u003e\",\"\",\"\\n\\u0001\"]");
  }

  @Test
  void rendersFieldErrorsAsGo() {
    assertThat(GoText.error(FieldError.invalid("key", "a\tb", "bad")))
        .isEqualTo("key: Invalid value: \"a\\tb\": bad");
    assertThat(GoText.error(FieldError.required("spec.x", "must be set")))
        .isEqualTo("spec.x: Required value: must be set");
    assertThat(
            GoText.error(
                FieldError.invalid("values", new GoText.Rendered("[\"a\"]"), "must be empty")))
        .isEqualTo("values: Invalid value: [\"a\"]: must be empty");
  }

  @Test
  void aggregatesOneErrorBareAndSeveralInBracketsWithoutDuplicates() {
    FieldError a = FieldError.invalid("a", "x", "bad");
    FieldError b = FieldError.invalid("b", "y", "bad");
    assertThat(GoText.aggregate(List.of(a))).isEqualTo("a: Invalid value: \"x\": bad");
    assertThat(GoText.aggregate(List.of(a, a))).isEqualTo("a: Invalid value: \"x\": bad");
    assertThat(GoText.aggregate(List.of(a, b, a)))
        .isEqualTo("[a: Invalid value: \"x\": bad, b: Invalid value: \"y\": bad]");
  }

  @Test
  void comparesByCodePointsAsGoComparesBytes() {
    // U+FF5E sorts before U+1F600 in Go (by UTF-8 bytes), after it in Java's compareTo.
    String bmp = "\uff5e";
    String astral = "\ud83d\ude00";
    assertThat(bmp.compareTo(astral)).isPositive();
    assertThat(GoText.compare(bmp, astral)).isNegative();
    assertThat(GoText.compare("a", "ab")).isNegative();
    assertThat(GoText.compare("b", "ab")).isPositive();
    assertThat(GoText.compare("ab", "ab")).isZero();
  }
}
