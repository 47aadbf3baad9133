package io.batchd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelFieldValidationTest {
  private static final FieldPath SELECTOR = FieldPath.of("spec", "selector");

  private static List<String> validate(LabelSelectorRequirement r, boolean allowInvalidValues) {
    LabelSelector s = new LabelSelector();
    s.setMatchExpressions(List.of(r));
    return LabelFieldValidation.validateSelector(s, allowInvalidValues, SELECTOR).stream()
        .map(FieldError::message)
        .toList();
  }

  @Test
  void existsTakesNoValues() {
    assertThat(validate(new LabelSelectorRequirement("app", "Exists", List.of("x")), false))
        .containsExactly(
            "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when"
                + " `operator` is 'Exists' or 'DoesNotExist'");
  }

  @Test
  void requirementValuesAreLabelValuesUnlessAlreadyStoredInvalid() {
    LabelSelectorRequirement r = new LabelSelectorRequirement("app", "In", List.of("not ok"));
    assertThat(validate(r, false)).hasSize(1);
    assertThat(validate(r, false).get(0))
        .startsWith(
            "spec.selector.matchExpressions[0].values[0]: Invalid value: \"not ok\": a valid label");
    assertThat(validate(r, true)).isEmpty();
  }

  @Test
  void matchLabelsAreLabels() {
    LabelSelector s = new LabelSelector();
    s.setMatchLabels(Map.of("app", "-x"));
    assertThat(LabelFieldValidation.validateSelector(s, false, SELECTOR))
        .extracting(FieldError::field)
        .containsExactly("spec.selector.matchLabels");
  }

  @Test
  void detectsStoredInvalidValues() {
    LabelSelector s = new LabelSelector();
    s.setMatchExpressions(List.of(new LabelSelectorRequirement("app", "In", List.of("not ok"))));
    assertThat(LabelFieldValidation.hasInvalidLabelValue(s)).isTrue();
    assertThat(LabelFieldValidation.hasInvalidLabelValue(new LabelSelector())).isFalse();
  }
}
