package io.batchd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "10000, 10s",
    "1500, 1.5s",
    "250, 250ms",
    "80000, 1m20s",
    "300000, 5m0s",
    "3600000, 1h0m0s",
    "3723500, 1h2m3.5s",
    "-2000, -2s"
  })
  void printsAsGoDoes(long millis, String expected) {
    assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
  }
}
