package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoAtoiTest {
  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "0, 0",
        "42, 42",
        "+7, 7",
        "-3, -3",
        "007, 7",
        "9223372036854775807, 9223372036854775807",
        "9223372036854775808, null",
        "'', null",
        "+, null",
        "-, null",
        "' 1', null",
        "'1 ', null",
        "1a, null",
        "+-1, null",
        "1.0, null",
        "٣, null",
        "null, null"
      })
  void readsSignAndDigitsOnly(String text, Long expected) {
    assertThat(GoAtoi.parseLong(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {"2147483647, 2147483647", "2147483648, null", "-2147483648, -2147483648", "x, null"})
  void intsStayWithinInt(String text, Integer expected) {
    assertThat(GoAtoi.parseInt(text)).isEqualTo(expected);
  }
}
