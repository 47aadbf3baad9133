package io.batchd.node.probes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settled result after a series of attempts (s success, f failure), from the probe kind's
 * initial result (T, F, or U unknown).
 */
class ProbeThresholdsTest {

  @ParameterizedTest(name = "success={0} failure={1} initial={2} attempts={3} -> {4}")
  @CsvSource({
    "1, 3, F, s, T",
    "1, 3, F, f, F",
    "2, 3, F, s, F",
    "2, 3, F, ss, T",
    "2, 3, F, sfs, F",
    "1, 3, T, ff, T",
    "1, 3, T, fff, F",
    "1, 3, T, ffsff, T",
    "1, 3, T, fffs, T",
    "1, 3, U, f, U",
    "1, 3, U, fff, F",
    "1, 3, U, s, T",
    "1, 1, T, f, F",
  })
  void resultChangesOnlyAfterEnoughAttemptsInARow(
      int success, int failure, String initial, String attempts, String expected) {
    ProbeThresholds thresholds = new ProbeThresholds(success, failure, bool(initial));
    for (char a : attempts.toCharArray()) {
      thresholds.record(a == 's');
    }
    assertThat(thresholds.settled()).isEqualTo(bool(expected));
  }

  private static Boolean bool(String letter) {
    return switch (letter) {
      case "T" -> Boolean.TRUE;
      case "F" -> Boolean.FALSE;
      default -> null;
    };
  }
}
