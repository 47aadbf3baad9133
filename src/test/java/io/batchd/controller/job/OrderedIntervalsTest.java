package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderedIntervalsTest {

  @ParameterizedTest(name = "\"{0}\" below {1} reads as \"{2}\" ({3} indexes)")
  @CsvSource(
      delimiter = '|',
      value = {
        "1,3,4,5,7 | 10 | 1,3-5,7 | 5",
        "0,1 | 10 | 0,1 | 2",
        "0-2 | 10 | 0-2 | 3",
        "0-2,3,4 | 10 | 0-4 | 5",
        "x,2,4-a,6 | 10 | 2,6 | 2",
        "1,5-9,12 | 8 | 1,5-7 | 4",
        "'' | 10 | '' | 0",
      })
  void parsesLenientlyAndPrintsCompressed(String text, int completions, String printed, int total) {
    OrderedIntervals intervals = OrderedIntervals.parse(text, completions);

    assertThat(intervals.toString()).isEqualTo(printed);
    assertThat(intervals.total()).isEqualTo(total);
  }

  @Test
  void addingIndexesMergesNeighbours() {
    OrderedIntervals base = OrderedIntervals.parse("0,4-5,9", 20);

    OrderedIntervals merged = base.with(List.of(1, 3, 2, 10));

    assertThat(merged.toString()).isEqualTo("0-5,9,10");
    assertThat(merged.has(3)).isTrue();
    assertThat(merged.has(7)).isFalse();
    assertThat(merged.merge(OrderedIntervals.parse("6-8", 20)).toString()).isEqualTo("0-10");
  }

  @Test
  void countsTheIndexesAnotherSetShares() {
    OrderedIntervals succeeded = OrderedIntervals.parse("0-3,8,10-12", 20);

    assertThat(succeeded.countIn(OrderedIntervals.parse("2-9,11", 20))).isEqualTo(4);
  }
}
