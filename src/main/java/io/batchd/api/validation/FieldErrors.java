package io.batchd.api.validation;

import io.batchd.api.errors.FieldError;
import java.util.List;

/** Small recurring validation rules, worded as upstream's shared helpers. */
public final class FieldErrors {
  private FieldErrors() {}

  /**
   * An "Invalid value" error that does not show the value, as upstream's {@code field.Invalid(path,
   * field.OmitValueType{}, detail)}: {@code path: Invalid value: detail}.
   *
   * <p>{@link FieldError} always prints a value, so the detail travels as the value and the detail
   * itself stays empty; the message and the status cause read exactly as upstream's.
   */
  public static FieldError invalidOmittingValue(FieldPath path, String detail) {
    return new FieldError(FieldError.Type.INVALID, path.toString(), new GoValue(detail), "");
  }

  /** Upstream's {@code ValidateNonnegativeField}. */
  public static List<FieldError> nonNegative(long value, FieldPath path) {
    return value < 0
        ? List.of(FieldError.invalid(path.toString(), value, ValidationMessages.IS_NEGATIVE))
        : List.of();
  }

  /**
   * Upstream's {@code ValidateImmutableField}: an error showing the new value when the two values
   * differ as {@link SemanticEquality} compares them.
   */
  public static List<FieldError> immutable(
      Object newValue, Object oldValue, Object renderedNewValue, FieldPath path) {
    return SemanticEquality.equal(newValue, oldValue)
        ? List.of()
        : List.of(
            FieldError.invalid(
                path.toString(), renderedNewValue, ValidationMessages.FIELD_IMMUTABLE));
  }
}
