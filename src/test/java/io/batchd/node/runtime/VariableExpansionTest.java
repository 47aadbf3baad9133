package io.batchd.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariableExpansionTest {
  private static final Map<String, String> VARS =
      Map.of("VAR_A", "A", "VAR_B", "B", "VAR_C", "C", "VAR_EMPTY", "", "VAR_REF", "$(VAR_A)");

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "$(VAR_A) | A",
        "___$(VAR_B)___ | ___B___",
        "$(VAR_A)-$(VAR_A) | A-A",
        "$(VAR_A)$(VAR_B)$(VAR_C) | ABC",
        "$(VAR_EMPTY)x | x",
        // unknown references stay as written
        "$(UNKNOWN) | $(UNKNOWN)",
        "foo$(UNKNOWN)bar | foo$(UNKNOWN)bar",
        // $$ escapes a $
        "$$(VAR_A) | $(VAR_A)",
        "$$$(VAR_A) | $A",
        "$$$$(VAR_A) | $$(VAR_A)",
        "$$ | $",
        // a $ before anything else is kept with that character
        "$VAR_A | $VAR_A",
        "$ | $",
        "x$ | x$",
        "$)x | $)x",
        // unclosed references are kept and the rest is still scanned
        "$(VAR_A | $(VAR_A",
        "$(VAR_A$(VAR_B) | $(VAR_A$(VAR_B)",
        // a reference runs to the first ')'
        "$( $(VAR_B) | $( $(VAR_B)",
        // empty names are unknown; expansion is not recursive
        "$() | $()",
        "$(VAR_REF) | $(VAR_A)",
        "`` | ``",
        "no refs here | no refs here",
      })
  void expandsReferencesAsTheKubeletDoes(String input, String expected) {
    assertThat(VariableExpansion.expand(input, VARS::get)).isEqualTo(expected);
  }
}
