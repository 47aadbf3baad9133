package io.batchd.api.selectors;

import java.util.Objects;
import java.util.function.Function;

/**
 * One term of a field selector: a field path such as {@code metadata.name}, an operator and the
 * literal (unescaped) value. A field an object does not have reads as the empty string, as
 * upstream's {@code fields.Set.Get}.
 *
 * @param field the field path
 * @param operator equals or not-equals
 * @param value the value, unescaped
 */
public record FieldRequirement(String field, FieldOperator operator, String value) {

  public FieldRequirement {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(value, "value");
  }

  /** Whether the object whose fields {@code fieldValue} reads satisfies this term. */
  public boolean matches(Function<String, String> fieldValue) {
    String actual = Objects.requireNonNullElse(fieldValue.apply(field), "");
    return (operator == FieldOperator.EQUALS) == actual.equals(value);
  }

  /** {@code field=value} or {@code field!=value}, with the value escaped. */
  @Override
  public String toString() {
    return field + operator.symbol() + FieldSelector.escapeValue(value);
  }
}
