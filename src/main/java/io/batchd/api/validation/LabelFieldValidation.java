package io.batchd.api.validation;

import io.batchd.api.errors.FieldError;
import io.batchd.api.selectors.ApiLabelSelectors;
import io.batchd.api.selectors.LabelValidation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Label maps, qualified names and label selectors as fields of an object (upstream's {@code
 * ValidateLabels}, {@code ValidateLabelName} and {@code ValidateLabelSelector}), on top of the name
 * rules of {@link LabelValidation} and the selector rules of {@link ApiLabelSelectors}.
 */
public final class LabelFieldValidation {
  private static final Pattern EXPRESSION_VALUE =
      Pattern.compile(".*\\.matchExpressions\\[\\d+]\\.values\\[\\d+]");

  private LabelFieldValidation() {}

  /** Every key must be a qualified name and every value a label value; errors name the map. */
  public static List<FieldError> validateLabels(Map<String, String> labels, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (labels == null) {
      return errs;
    }
    // Go walks maps in random order; sorted keys give stable output.
    new TreeMap<>(labels)
        .forEach(
            (k, v) -> {
              errs.addAll(validateQualifiedName(k, path));
              String value = v == null ? "" : v;
              for (String msg : LabelValidation.labelValueErrors(value)) {
                errs.add(FieldError.invalid(path.toString(), value, msg));
              }
            });
    return errs;
  }

  /** A label key, or any other qualified name (condition types, finalizers, gates). */
  public static List<FieldError> validateQualifiedName(String name, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (String msg : LabelValidation.qualifiedNameErrors(name)) {
      errs.add(FieldError.invalid(path.toString(), name, msg));
    }
    return errs;
  }

  /**
   * A selector's labels and requirements. With {@code allowInvalidLabelValues} (an update of an
   * object whose stored selector already had such values, upstream's {@code
   * AllowInvalidLabelValueInSelector}) requirement values are not checked.
   */
  public static List<FieldError> validateSelector(
      LabelSelector selector, boolean allowInvalidLabelValues, FieldPath path) {
    List<FieldError> errs = ApiLabelSelectors.validate(selector, path.toString());
    if (allowInvalidLabelValues) {
      errs = errs.stream().filter(e -> !EXPRESSION_VALUE.matcher(e.field()).matches()).toList();
    }
    return errs;
  }

  /** Whether any requirement value of the selector is not a valid label value. */
  public static boolean hasInvalidLabelValue(LabelSelector selector) {
    if (selector == null || selector.getMatchExpressions() == null) {
      return false;
    }
    return selector.getMatchExpressions().stream()
        .filter(r -> r.getValues() != null)
        .flatMap(r -> r.getValues().stream())
        .anyMatch(v -> !LabelValidation.labelValueErrors(v == null ? "" : v).isEmpty());
  }
}
