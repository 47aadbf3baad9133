package io.batchd.api.selectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which label sets a parsed selector matches, operator by operator. */
class LabelSelectionMatchTest {

  static Stream<Arguments> cases() {
    Map<String, String> none = Map.of();
    return Stream.of(
        Arguments.of("", none, true),
        Arguments.of("", Map.of("a", "b"), true),
        Arguments.of("a=b", Map.of("a", "b"), true),
        Arguments.of("a=b", Map.of("a", "c"), false),
        Arguments.of("a=b", none, false),
        Arguments.of("a==b", Map.of("a", "b"), true),
        Arguments.of("a==b", Map.of("a", "c"), false),
        Arguments.of("a=", Map.of("a", ""), true),
        Arguments.of("a=", none, false),
        // != and notin also match when the key is absent.
        Arguments.of("a!=b", none, true),
        Arguments.of("a!=b", Map.of("a", "b"), false),
        Arguments.of("a!=b", Map.of("a", "c"), true),
        Arguments.of("a in (x,y)", Map.of("a", "y"), true),
        Arguments.of("a in (x,y)", Map.of("a", "z"), false),
        Arguments.of("a in (x,y)", none, false),
        Arguments.of("a in ()", Map.of("a", ""), true),
        Arguments.of("a notin (x,y)", none, true),
        Arguments.of("a notin (x,y)", Map.of("a", "x"), false),
        Arguments.of("a notin (x,y)", Map.of("a", "z"), true),
        Arguments.of("a", Map.of("a", ""), true),
        Arguments.of("a", Map.of("b", "a"), false),
        Arguments.of("!a", none, true),
        Arguments.of("!a", Map.of("a", ""), false),
        Arguments.of("a>1", Map.of("a", "2"), true),
        Arguments.of("a>1", Map.of("a", "1"), false),
        Arguments.of("a>1", Map.of("a", "-3"), false),
        Arguments.of("a>1", Map.of("a", "x"), false),
        Arguments.of("a>1", none, false),
        Arguments.of("a<1", Map.of("a", "0"), true),
        Arguments.of("a<1", Map.of("a", "-5"), true),
        Arguments.of("a<1", Map.of("a", "1"), false),
        Arguments.of("a<1", Map.of("a", "0.5"), false),
        Arguments.of("a<1", none, false),
        // Requirements are ANDed.
        Arguments.of("a=b,c", Map.of("a", "b", "c", "d"), true),
        Arguments.of("a=b,c", Map.of("a", "b"), false),
        Arguments.of("a=b,!c", Map.of("a", "b", "c", "d"), false));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" on {1} -> {2}")
  @MethodSource("cases")
  void matchesAsUpstream(String selector, Map<String, String> labels, boolean expected) {
    assertThat(LabelSelection.parse(selector).matches(labels)).isEqualTo(expected);
  }

  @Test
  void absentLabelsAreNoLabels() {
    assertThat(LabelSelection.parse("!a").matches(null)).isTrue();
    assertThat(LabelSelection.parse("a").matches(null)).isFalse();
  }

  @Test
  void aMissingLabelValueReadsAsEmpty() {
    Map<String, String> labels = new HashMap<>();
    labels.put("a", null);
    assertThat(LabelSelection.parse("a=").matches(labels)).isTrue();
    assertThat(LabelSelection.parse("a").matches(labels)).isTrue();
  }

  @Test
  void nothingMatchesNothingAndIsNotEverything() {
    LabelSelection nothing = LabelSelection.nothing();
    assertThat(nothing.matches(Map.of())).isFalse();
    assertThat(nothing.matches(Map.of("a", "b"))).isFalse();
    assertThat(nothing.isEverything()).isFalse();
    assertThat(nothing.isNothing()).isTrue();
    assertThat(nothing.toString()).isEmpty();
    assertThat(nothing).isNotEqualTo(LabelSelection.everything());
  }

  @Test
  void requirementsBuiltInCodeAreSortedByKey() {
    LabelSelection s =
        LabelSelection.of(
            List.of(
                LabelRequirement.of("b", LabelOperator.EXISTS, List.of()),
                LabelRequirement.of("a", LabelOperator.NOT_IN, List.of("y", "x"))));
    assertThat(s.toString()).isEqualTo("a notin (x,y),b");
    assertThat(s.matches(Map.of("a", "z", "b", ""))).isTrue();
    assertThat(s.matches(Map.of("a", "x", "b", ""))).isFalse();
  }

  @Test
  void ofRefusesRequirementsUpstreamWouldRefuse() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LabelRequirement.of("a", LabelOperator.EQUALS, List.of("x", "y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "values: Invalid value: [\"x\",\"y\"]: exact-match compatibility requires one single"
                + " value");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LabelRequirement.of("a", LabelOperator.GREATER_THAN, List.of("1", "2")))
        .hasMessage(
            "values: Invalid value: [\"1\",\"2\"]: for 'Gt', 'Lt' operators, exactly one value is"
                + " required");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LabelRequirement.of("a", LabelOperator.IN, List.of()))
        .hasMessage(
            "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
  }
}
