package io.batchd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void prefixEndIsTheNextStringAfterEveryKeyWithThePrefix() {
    String end = Keys.prefixEnd("/registry/jobs/");
    assertThat(end).isEqualTo("/registry/jobs0");
    assertThat("/registry/jobs/~~~~").isLessThan(end);
    assertThat("/registry/jobs0").isGreaterThanOrEqualTo(end);
  }

  @Test
  void prefixEndOfTheLastPrintableCharacterStillBoundsTheRange() {
    assertThat("/a~~").isLessThan(Keys.prefixEnd("/a~"));
  }

  @Test
  void keysMustBePrintableAscii() {
    assertThat(Keys.requireValid("/registry/batch/jobs/default/pi")).isNotNull();
    assertThatThrownBy(() -> Keys.requireValid(null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> Keys.requireValid("/a\u0000")).hasMessageContaining("0x0");
    assertThatThrownBy(() -> Keys.requireValid("/\u00e9")).hasMessageContaining("0xe9");
  }

  @Test
  void valuesAboveTheLimitAreRejectedWithTheLimitInTheMessage() {
    assertThat(Keys.requireValidValue("/k", new byte[Keys.MAX_VALUE_BYTES])).isNotNull();
    assertThatThrownBy(() -> Keys.requireValidValue("/k", new byte[Keys.MAX_VALUE_BYTES + 1]))
        .isInstanceOf(ValueTooLargeException.class)
        .hasMessageContaining(Integer.toString(Keys.MAX_VALUE_BYTES));
  }
}
