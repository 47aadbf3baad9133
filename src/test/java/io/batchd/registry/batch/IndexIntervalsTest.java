package io.batchd.registry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The "1,3-5,7" index format. */
class IndexIntervalsTest {

  @ParameterizedTest(name = "{0} counts {1}")
  @CsvSource({"'', 0", "0, 1", "'0,2', 2", "'1,3-5,7', 5", "'0-9', 10"})
  void countsIndexes(String text, int total) {
    IndexIntervals.Result r = IndexIntervals.parse(text, 10);
    assertThat(r.error()).isNull();
    assertThat(r.total()).isEqualTo(total);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10| too large index: \"10\"",
        "2-12| too large index: \"12\"",
        "x| cannot convert string to integer for index: \"x\"",
        "1-y| cannot convert string to integer for index: \"y\"",
        "3-3| non-increasing order, previous: 3, current: 3",
        "1-3,3| non-increasing order, previous: 3, current: 3",
        "'1,,2'| cannot convert string to integer for index: \"\"",
        "99999999999999999999| cannot convert string to integer for index: \"99999999999999999999\""
      })
  void rejectsMalformedText(String text, String error) {
    assertThat(IndexIntervals.parse(text, 10).error()).isEqualTo(error);
  }

  @Test
  void findsTheFirstOverlap() {
    assertThat(IndexIntervals.overlap("0-2,6", "3,5-7", 10))
        .contains("failedIndexes and completedIndexes overlap at index: 6");
  }

  @Test
  void disjointSetsDoNotOverlap() {
    assertThat(IndexIntervals.overlap("0-2,6", "3-5,7", 10)).isEmpty();
  }

  @Test
  void malformedIntervalsAreSkippedWhenLookingForOverlaps() {
    assertThat(IndexIntervals.overlap("x,4", "4", 10))
        .contains("failedIndexes and completedIndexes overlap at index: 4");
  }
}
