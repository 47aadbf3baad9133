package io.batchd.api.selectors;

import io.batchd.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The API's {@code LabelSelector} (fabric8's model of {@code metav1.LabelSelector}, as in {@code
 * job.spec.selector}): upstream's validation of it ({@code ValidateLabelSelector}) and its
 * conversion into a {@link LabelSelection} ({@code LabelSelectorAsSelector}).
 *
 * <p>Validate first, when the object is written, and report the errors as a 422; convert later,
 * when matching. Conversion of a selector that passed validation cannot fail.
 */
public final class ApiLabelSelectors {
  private ApiLabelSelectors() {}

  /**
   * Upstream's {@code ValidateLabelSelector} (with label values in expressions checked, as for a
   * newly created object). {@code matchLabels} are checked first, in key order (upstream walks a Go
   * map, in no fixed order); then each expression: its operator, its key, its values.
   *
   * @param selector the selector; {@code null} is valid
   * @param path where the selector sits, e.g. {@code spec.selector}
   * @return the problems, empty when the selector is valid, e.g. {@code
   *     spec.selector.matchExpressions[0].values: Required value: must be specified when `operator`
   *     is 'In' or 'NotIn'}
   */
  public static List<FieldError> validate(LabelSelector selector, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (selector == null) {
      return errs;
    }
    String labelsPath = path + ".matchLabels";
    for (Map.Entry<String, String> label : sortedLabels(selector).entrySet()) {
      // Upstream reports label problems at the matchLabels path itself, without the key.
      String key = label.getKey();
      for (String msg : LabelValidation.qualifiedNameErrors(key)) {
        errs.add(FieldError.invalid(labelsPath, key, msg));
      }
      for (String msg : LabelValidation.labelValueErrors(label.getValue())) {
        errs.add(FieldError.invalid(labelsPath, label.getValue(), msg));
      }
    }
    List<LabelSelectorRequirement> expressions = expressions(selector);
    for (int i = 0; i < expressions.size(); i++) {
      errs.addAll(validate(expressions.get(i), path + ".matchExpressions[" + i + "]"));
    }
    return errs;
  }

  private static List<FieldError> validate(LabelSelectorRequirement expr, String path) {
    List<FieldError> errs = new ArrayList<>();
    List<String> values = values(expr);
    String operator = Objects.requireNonNullElse(expr.getOperator(), "");
    switch (operator) {
      case "In", "NotIn" -> {
        if (values.isEmpty()) {
          errs.add(
              FieldError.required(
                  path + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
        }
      }
      case "Exists", "DoesNotExist" -> {
        if (!values.isEmpty()) {
          errs.add(
              FieldError.forbidden(
                  path + ".values",
                  "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
      }
      default ->
          errs.add(
              FieldError.invalid(path + ".operator", operator, "not a valid selector operator"));
    }
    String key = Objects.requireNonNullElse(expr.getKey(), "");
    for (String msg : LabelValidation.qualifiedNameErrors(key)) {
      errs.add(FieldError.invalid(path + ".key", key, msg));
    }
    for (int i = 0; i < values.size(); i++) {
      for (String msg : LabelValidation.labelValueErrors(values.get(i))) {
        errs.add(FieldError.invalid(path + ".values[" + i + "]", values.get(i), msg));
      }
    }
    return errs;
  }

  /**
   * Upstream's {@code LabelSelectorAsSelector}: {@code null} matches nothing, a selector with
   * neither labels nor expressions matches everything, otherwise each label is a {@code key=value}
   * requirement and each expression an {@code in}, {@code notin}, exists or does-not-exist one.
   *
   * @throws IllegalArgumentException for a selector that {@link #validate} would refuse, with
   *     upstream's message for the first bad requirement, e.g. {@code "Gt" is not a valid label
   *     selector operator}
   */
  public static LabelSelection toSelection(LabelSelector selector) {
    if (selector == null) {
      return LabelSelection.nothing();
    }
    Map<String, String> labels = sortedLabels(selector);
    List<LabelSelectorRequirement> expressions = expressions(selector);
    if (labels.isEmpty() && expressions.isEmpty()) {
      return LabelSelection.everything();
    }
    List<LabelRequirement> requirements = new ArrayList<>();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      requirements.add(
          LabelRequirement.of(label.getKey(), LabelOperator.EQUALS, List.of(label.getValue())));
    }
    for (LabelSelectorRequirement expr : expressions) {
      String operator = Objects.requireNonNullElse(expr.getOperator(), "");
      LabelOperator op =
          switch (operator) {
            case "In" -> LabelOperator.IN;
            case "NotIn" -> LabelOperator.NOT_IN;
            case "Exists" -> LabelOperator.EXISTS;
            case "DoesNotExist" -> LabelOperator.DOES_NOT_EXIST;
            default ->
                throw new IllegalArgumentException(
                    GoText.quote(operator) + " is not a valid label selector operator");
          };
      // Upstream copies the values into a fresh slice, nil when there are none: so an empty list
      // is reported as null, not [].
      List<String> values = values(expr);
      requirements.add(
          LabelRequirement.of(
              Objects.requireNonNullElse(expr.getKey(), ""), op, values.isEmpty() ? null : values));
    }
    return LabelSelection.of(requirements);
  }

  private static Map<String, String> sortedLabels(LabelSelector selector) {
    Map<String, String> labels = new TreeMap<>();
    if (selector.getMatchLabels() != null) {
      // A JSON null key or value decodes to the empty string in Go.
      selector
          .getMatchLabels()
          .forEach(
              (k, v) ->
                  labels.put(Objects.requireNonNullElse(k, ""), Objects.requireNonNullElse(v, "")));
    }
    return labels;
  }

  private static List<LabelSelectorRequirement> expressions(LabelSelector selector) {
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    return expressions == null
        ? List.of()
        // A JSON null element decodes to the zero requirement in Go, and is judged as one.
        : expressions.stream().map(e -> e == null ? new LabelSelectorRequirement() : e).toList();
  }

  private static List<String> values(LabelSelectorRequirement expr) {
    return expr.getValues() == null
        ? List.of()
        : expr.getValues().stream().map(v -> Objects.requireNonNullElse(v, "")).toList();
  }
}
