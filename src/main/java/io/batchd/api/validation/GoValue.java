package io.batchd.api.validation;

/**
 * A rejected value already rendered the way Go's {@code fmt} prints it in a field error, for values
 * that are neither strings nor numbers (maps, slices, structs). {@link
 * io.batchd.api.errors.FieldError} prints it through {@link #toString()}.
 *
 * @param text the rendering, e.g. {@code map[string]string{"app":"x"}}
 */
public record GoValue(String text) {
  @Override
  public String toString() {
    return text;
  }
}
