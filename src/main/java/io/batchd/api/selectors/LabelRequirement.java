package io.batchd.api.selectors;

import io.batchd.api.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One condition of a label selector: a key, an operator and the values it compares with. Matching
 * follows upstream's {@code labels.Requirement}: {@code in}/{@code =} need the key present with one
 * of the values; {@code notin}/{@code !=} also match when the key is absent; {@code gt}/{@code lt}
 * need the key present with an integer value.
 *
 * <p>Build one with {@link #of}, which applies upstream's {@code NewRequirement} checks.
 *
 * @param key the label key
 * @param operator the relation
 * @param values the values, in the order given (empty for exists and does-not-exist)
 */
public record LabelRequirement(String key, LabelOperator operator, List<String> values) {

  public LabelRequirement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    values = goStrings(values);
  }

  /** A Go string slice: a missing list is empty and a missing element is the empty string. */
  private static List<String> goStrings(List<String> values) {
    return values == null ? List.of() : values.stream().map(v -> v == null ? "" : v).toList();
  }

  /**
   * A validated requirement.
   *
   * @throws IllegalArgumentException if the key, the number of values or a value is invalid for the
   *     operator; the message is upstream's, e.g. {@code values: Invalid value: null: for 'in',
   *     'notin' operators, values set can't be empty}
   */
  public static LabelRequirement of(String key, LabelOperator operator, List<String> values) {
    List<FieldError> errors = problems(key, operator, values, null);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(GoText.aggregate(errors));
    }
    return new LabelRequirement(key, operator, values);
  }

  /**
   * Upstream's {@code NewRequirement} checks. Paths are relative to {@code path} ({@code null} for
   * none, as when the query-string parser builds a requirement), so a bad value is reported at
   * {@code values[0][key]}.
   */
  static List<FieldError> problems(
      String key, LabelOperator operator, List<String> values, String path) {
    List<FieldError> errs = new ArrayList<>();
    // A missing list stays missing: upstream prints a nil slice as null, an empty one as [].
    values = values == null ? null : goStrings(values);
    List<String> keyErrors = LabelValidation.qualifiedNameErrors(key);
    if (!keyErrors.isEmpty()) {
      errs.add(FieldError.invalid(child(path, "key"), key, String.join("; ", keyErrors)));
    }
    String valuesPath = child(path, "values");
    // A list the caller never gave prints as JSON null, one it gave empty as [].
    GoText.Rendered shown = new GoText.Rendered(GoText.jsonList(values));
    switch (operator) {
      case IN, NOT_IN -> {
        if (values == null || values.isEmpty()) {
          errs.add(
              FieldError.invalid(
                  valuesPath, shown, "for 'in', 'notin' operators, values set can't be empty"));
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (values == null || values.size() != 1) {
          errs.add(
              FieldError.invalid(
                  valuesPath, shown, "exact-match compatibility requires one single value"));
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (values != null && !values.isEmpty()) {
          errs.add(
              FieldError.invalid(
                  valuesPath, shown, "values set must be empty for exists and does not exist"));
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (values == null || values.size() != 1) {
          errs.add(
              FieldError.invalid(
                  valuesPath, shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
        }
        for (int i = 0; values != null && i < values.size(); i++) {
          if (GoInt.parse(values.get(i)) == null) {
            errs.add(
                FieldError.invalid(
                    valuesPath + "[" + i + "]",
                    values.get(i),
                    "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    for (int i = 0; values != null && i < values.size(); i++) {
      List<String> valueErrors = LabelValidation.labelValueErrors(values.get(i));
      if (!valueErrors.isEmpty()) {
        errs.add(
            FieldError.invalid(
                valuesPath + "[" + i + "][" + key + "]",
                values.get(i),
                String.join("; ", valueErrors)));
      }
    }
    return errs;
  }

  /** A child of a Go {@code field.Path}; a child of the nil path is a root. */
  private static String child(String path, String name) {
    return path == null || path.isEmpty() ? name : path + "." + name;
  }

  /** Whether labels (absent means none) satisfy this requirement. */
  public boolean matches(Map<String, String> labels) {
    boolean has = labels != null && labels.containsKey(key);
    String value = has ? Objects.requireNonNullElse(labels.get(key), "") : null;
    return switch (operator) {
      case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(value);
      case NOT_IN, NOT_EQUALS -> !has || !values.contains(value);
      case EXISTS -> has;
      case DOES_NOT_EXIST -> !has;
      case GREATER_THAN, LESS_THAN -> {
        if (!has || values.size() != 1) {
          yield false;
        }
        // A label value that is not an integer never matches, as upstream.
        Long actual = GoInt.parse(value);
        Long bound = GoInt.parse(values.get(0));
        if (actual == null || bound == null) {
          yield false;
        }
        yield operator == LabelOperator.GREATER_THAN ? actual > bound : actual < bound;
      }
    };
  }

  /**
   * Upstream's rendering: {@code !key}, {@code key}, {@code key=v}, {@code key==v}, {@code key!=v},
   * {@code key>v}, {@code key<v}, {@code key in (a,b)}, {@code key notin (a,b)}; several values
   * sorted.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (operator == LabelOperator.DOES_NOT_EXIST) {
      s.append('!');
    }
    s.append(key);
    switch (operator) {
      case EXISTS, DOES_NOT_EXIST -> {
        return s.toString();
      }
      case EQUALS -> s.append('=');
      case DOUBLE_EQUALS -> s.append("==");
      case NOT_EQUALS -> s.append("!=");
      case GREATER_THAN -> s.append('>');
      case LESS_THAN -> s.append('<');
      case IN -> s.append(" in (");
      case NOT_IN -> s.append(" notin (");
    }
    if (values.size() == 1) {
      s.append(values.get(0));
    } else {
      s.append(String.join(",", values.stream().sorted(GoText::compare).toList()));
    }
    if (operator == LabelOperator.IN || operator == LabelOperator.NOT_IN) {
      s.append(')');
    }
    return s.toString();
  }
}
