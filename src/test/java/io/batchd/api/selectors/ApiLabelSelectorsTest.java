package io.batchd.api.selectors;

import static io.batchd.api.selectors.UpstreamMessages.LABEL_VALUE;
import static io.batchd.api.selectors.UpstreamMessages.NAME_PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** fabric8's {@code LabelSelector}: validation as a 422 would report it, and matching. */
class ApiLabelSelectorsTest {

  private static LabelSelectorRequirement expr(String key, String op, String... values) {
    return new LabelSelectorRequirement(key, op, new ArrayList<>(Arrays.asList(values)));
  }

  private static LabelSelector selector(
      Map<String, String> labels, LabelSelectorRequirement... exprs) {
    return new LabelSelector(new ArrayList<>(Arrays.asList(exprs)), new LinkedHashMap<>(labels));
  }

  @Test
  void nullSelectsNothingAndEmptySelectsEverything() {
    LabelSelection none = ApiLabelSelectors.toSelection(null);
    assertThat(none.isNothing()).isTrue();
    assertThat(none.matches(Map.of())).isFalse();

    LabelSelection all = ApiLabelSelectors.toSelection(new LabelSelector());
    assertThat(all.isEverything()).isTrue();
    assertThat(all.matches(Map.of("any", "thing"))).isTrue();

    LabelSelection nullLists = ApiLabelSelectors.toSelection(new LabelSelector(null, null));
    assertThat(nullLists.isEverything()).isTrue();
  }

  @Test
  void convertsLabelsAndEveryOperator() {
    LabelSelection s =
        ApiLabelSelectors.toSelection(
            selector(
                Map.of("b", "2", "a", "1"),
                expr("e", "In", "y", "x"),
                expr("f", "NotIn", "bad"),
                expr("c", "Exists"),
                expr("d", "DoesNotExist")));
    assertThat(s.toString()).isEqualTo("a=1,b=2,c,!d,e in (x,y),f notin (bad)");
    assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "", "e", "x"))).isTrue();
    assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "", "e", "x", "f", "bad"))).isFalse();
    assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "", "e", "x", "d", ""))).isFalse();
    assertThat(s.matches(Map.of("a", "1", "b", "2", "e", "x"))).isFalse();
    assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "", "e", "z"))).isFalse();
    assertThat(s.matches(Map.of("a", "9", "b", "2", "c", "", "e", "x"))).isFalse();
  }

  @Test
  void matchLabelsAloneSelectByEquality() {
    LabelSelection s =
        ApiLabelSelectors.toSelection(
            new LabelSelectorBuilder().addToMatchLabels("job-name", "pi").build());
    assertThat(s.toString()).isEqualTo("job-name=pi");
    assertThat(s.matches(Map.of("job-name", "pi", "other", "x"))).isTrue();
    assertThat(s.matches(Map.of("job-name", "other"))).isFalse();
  }

  static Stream<Arguments> unconvertible() {
    return Stream.of(
        Arguments.of(
            selector(Map.of(), expr("a", "Gt", "1")),
            "\"Gt\" is not a valid label selector operator"),
        Arguments.of(
            selector(Map.of(), expr("a", "in", "x")),
            "\"in\" is not a valid label selector operator"),
        Arguments.of(
            selector(Map.of(), new LabelSelectorRequirement("a", null, null)),
            "\"\" is not a valid label selector operator"),
        Arguments.of(
            selector(Map.of(), expr("a", "In")),
            "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
        Arguments.of(
            selector(Map.of(), expr("a", "Exists", "x", "y")),
            "values: Invalid value: [\"x\",\"y\"]: values set must be empty for exists and does"
                + " not exist"),
        Arguments.of(
            selector(Map.of(), expr("a$", "NotIn", "x$")),
            "[key: Invalid value: \"a$\": "
                + NAME_PART
                + ", values[0][a$]: Invalid value: \"x$\": "
                + LABEL_VALUE
                + "]"),
        Arguments.of(
            selector(Map.of("k", "v v")), "values[0][k]: Invalid value: \"v v\": " + LABEL_VALUE));
  }

  @ParameterizedTest
  @MethodSource("unconvertible")
  void conversionRefusesWhatUpstreamRefuses(LabelSelector selector, String message) {
    assertThatThrownBy(() -> ApiLabelSelectors.toSelection(selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aValidSelectorHasNoProblems() {
    assertThat(ApiLabelSelectors.validate(null, "spec.selector")).isEmpty();
    assertThat(ApiLabelSelectors.validate(new LabelSelector(), "spec.selector")).isEmpty();
    assertThat(
            ApiLabelSelectors.validate(
                selector(
                    Map.of("app", "web", "example.com/tier", ""),
                    expr("a", "In", "x", ""),
                    expr("b", "NotIn", "y"),
                    expr("c", "Exists"),
                    expr("d", "DoesNotExist")),
                "spec.selector"))
        .isEmpty();
  }

  static Stream<Arguments> invalid() {
    String at = "spec.selector.matchExpressions[0]";
    return Stream.of(
        Arguments.of(
            selector(Map.of(), expr("a", "In")),
            List.of(
                at
                    + ".values: Required value: must be specified when `operator` is 'In' or"
                    + " 'NotIn'")),
        Arguments.of(
            selector(Map.of(), new LabelSelectorRequirement("a", "NotIn", null)),
            List.of(
                at
                    + ".values: Required value: must be specified when `operator` is 'In' or"
                    + " 'NotIn'")),
        Arguments.of(
            selector(Map.of(), expr("a", "Exists", "x")),
            List.of(
                at
                    + ".values: Forbidden: may not be specified when `operator` is 'Exists' or"
                    + " 'DoesNotExist'")),
        Arguments.of(
            selector(Map.of(), expr("a", "DoesNotExist", "x")),
            List.of(
                at
                    + ".values: Forbidden: may not be specified when `operator` is 'Exists' or"
                    + " 'DoesNotExist'")),
        Arguments.of(
            selector(Map.of(), expr("a", "Gt", "1")),
            List.of(at + ".operator: Invalid value: \"Gt\": not a valid selector operator")),
        Arguments.of(
            selector(Map.of(), expr("a$", "Exists")),
            List.of(at + ".key: Invalid value: \"a$\": " + NAME_PART)),
        Arguments.of(
            selector(Map.of(), new LabelSelectorRequirement(null, "Exists", null)),
            List.of(
                at + ".key: Invalid value: \"\": name part must be non-empty",
                at + ".key: Invalid value: \"\": " + NAME_PART)),
        Arguments.of(
            selector(Map.of(), expr("a", "In", "ok", "x y")),
            List.of(at + ".values[1]: Invalid value: \"x y\": " + LABEL_VALUE)),
        // Operator first, then key, then values; expressions after labels.
        Arguments.of(
            selector(Map.of("b$", "ok"), expr("-", "Bogus", "x y")),
            List.of(
                "spec.selector.matchLabels: Invalid value: \"b$\": " + NAME_PART,
                at + ".operator: Invalid value: \"Bogus\": not a valid selector operator",
                at + ".key: Invalid value: \"-\": " + NAME_PART,
                at + ".values[0]: Invalid value: \"x y\": " + LABEL_VALUE)),
        // Labels are reported at matchLabels, without the key, in key order.
        Arguments.of(
            selector(Map.of("z", "bad value", "a", "-")),
            List.of(
                "spec.selector.matchLabels: Invalid value: \"-\": " + LABEL_VALUE,
                "spec.selector.matchLabels: Invalid value: \"bad value\": " + LABEL_VALUE)));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void validationReportsUpstreamsFieldErrors(LabelSelector selector, List<String> messages) {
    List<FieldError> errors = ApiLabelSelectors.validate(selector, "spec.selector");
    assertThat(errors).extracting(FieldError::message).containsExactlyElementsOf(messages);
  }

  @Test
  void validationErrorsCarryUpstreamsTypes() {
    List<FieldError> errors =
        ApiLabelSelectors.validate(
            selector(Map.of(), expr("a", "In"), expr("b", "Exists", "x"), expr("c", "Nope")),
            "spec.selector");
    assertThat(errors)
        .extracting(FieldError::type)
        .containsExactly(
            FieldError.Type.REQUIRED, FieldError.Type.FORBIDDEN, FieldError.Type.INVALID);
    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactly(
            "spec.selector.matchExpressions[0].values",
            "spec.selector.matchExpressions[1].values",
            "spec.selector.matchExpressions[2].operator");
  }

  @Test
  void aNullExpressionIsJudgedAsAnEmptyOne() {
    LabelSelector s =
        new LabelSelector(new ArrayList<>(Arrays.asList(expr("a", "Exists"), null)), null);
    assertThat(ApiLabelSelectors.validate(s, "s"))
        .extracting(FieldError::field)
        .containsExactly(
            "s.matchExpressions[1].operator",
            "s.matchExpressions[1].key",
            "s.matchExpressions[1].key");
  }
}
