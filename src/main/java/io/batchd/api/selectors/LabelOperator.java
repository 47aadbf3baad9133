package io.batchd.api.selectors;

/**
 * How a label requirement relates a key to its values. {@link #text()} is upstream's name of the
 * operator ({@code selection.Operator}), which parse errors list.
 */
public enum LabelOperator {
  IN("in"),
  NOT_IN("notin"),
  EQUALS("="),
  DOUBLE_EQUALS("=="),
  NOT_EQUALS("!="),
  GREATER_THAN("gt"),
  LESS_THAN("lt"),
  EXISTS("exists"),
  DOES_NOT_EXIST("!");

  private final String text;

  LabelOperator(String text) {
    this.text = text;
  }

  /** Upstream's string for the operator, e.g. {@code notin} or {@code gt}. */
  public String text() {
    return text;
  }
}
