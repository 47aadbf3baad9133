package io.batchd.client;

/**
 * The label and field selectors of a list or watch, in the API's query syntax.
 *
 * @param labels a label selector such as {@code job-name=x}, or null for all
 * @param fields a field selector such as {@code spec.nodeName=n1}, or null for all
 */
public record Selectors(String labels, String fields) {
  public static final Selectors ALL = new Selectors(null, null);

  public static Selectors labels(String labels) {
    return new Selectors(labels, null);
  }

  public static Selectors fields(String fields) {
    return new Selectors(null, fields);
  }
}
