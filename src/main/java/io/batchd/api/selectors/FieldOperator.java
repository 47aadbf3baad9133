package io.batchd.api.selectors;

/** How a field selector term compares a field with its value. */
public enum FieldOperator {
  /** {@code field=value} or {@code field==value}. */
  EQUALS("="),
  /** {@code field!=value}. */
  NOT_EQUALS("!=");

  private final String symbol;

  FieldOperator(String symbol) {
    this.symbol = symbol;
  }

  /** The symbol in the canonical form. */
  public String symbol() {
    return symbol;
  }
}
