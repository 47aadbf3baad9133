package io.batchd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rejected values printed as Go's {@code %#v} prints them. */
class GoValuesTest {

  @Test
  void mapsAreSortedByKey() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("b", "2");
    m.put("a", "1");
    assertThat(GoValues.stringMap(m).text())
        .isEqualTo("map[string]string{\"a\":\"1\", \"b\":\"2\"}");
    assertThat(GoValues.stringMap(null).text()).isEqualTo("map[string]string(nil)");
  }

  @Test
  void int32Slices() {
    assertThat(GoValues.int32Slice(List.of(2, 1)).text()).isEqualTo("[]int32{2, 1}");
    assertThat(GoValues.int32Slice(List.of()).text()).isEqualTo("[]int32(nil)");
  }

  @Test
  void labelSelectors() {
    LabelSelector s = new LabelSelector();
    s.setMatchLabels(Map.of("app", "x"));
    s.setMatchExpressions(List.of(new LabelSelectorRequirement("tier", "In", List.of("a", "b"))));
    assertThat(GoValues.labelSelector(s).text())
        .isEqualTo(
            "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"x\"},"
                + " MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement"
                + "{Key:\"tier\", Operator:\"In\", Values:[]string{\"a\", \"b\"}}}}");
  }

  @Test
  void timesPrintAsGoTimeInUtc() {
    assertThat(GoValues.time("2024-05-01T12:00:00+02:00").text())
        .isEqualTo("2024-05-01 10:00:00 +0000 UTC");
    assertThat(GoValues.time("2024-05-01T10:00:00.5Z").text())
        .isEqualTo("2024-05-01 10:00:00.5 +0000 UTC");
  }

  @Test
  void stringsAreQuotedAsGoQuotesThem() {
    assertThat(GoValues.quote("a\"b\\c\n\u0001é")).isEqualTo("\"a\\\"b\\\\c\\n\\x01é\"");
  }

  @Test
  void aNilPointerPrintsAsQuotedNull() {
    FieldError e =
        FieldError.invalid("spec.completions", GoValues.orNil(null), "field is immutable");
    assertThat(e.message())
        .isEqualTo("spec.completions: Invalid value: \"null\": field is immutable");
  }

  @Test
  void anOmittedValueLeavesOnlyTheDetail() {
    FieldError e =
        FieldErrors.invalidOmittingValue(FieldPath.of("status", "conditions"), "cannot do that");
    assertThat(e.message()).isEqualTo("status.conditions: Invalid value: cannot do that");
    assertThat(e.body()).isEqualTo("Invalid value: cannot do that");
  }
}
