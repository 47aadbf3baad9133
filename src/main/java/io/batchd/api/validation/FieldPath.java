package io.batchd.api.validation;

import java.util.Objects;

/**
 * A path to a field as Kubernetes prints it in validation errors: children joined by dots, list
 * indexes and map keys in brackets, e.g. {@code
 * spec.template.spec.containers[0].resources.limits[cpu]}. Immutable; each step returns a new path.
 */
public final class FieldPath {
  private final String rendered;

  private FieldPath(String rendered) {
    this.rendered = rendered;
  }

  /** A path starting at {@code root}, then descending into {@code children}. */
  public static FieldPath of(String root, String... children) {
    return new FieldPath(Objects.requireNonNull(root)).child(children);
  }

  /** This path descended into the named fields, in order. */
  public FieldPath child(String... names) {
    StringBuilder s = new StringBuilder(rendered);
    for (String name : names) {
      s.append('.').append(name);
    }
    return new FieldPath(s.toString());
  }

  /** This path at list position {@code i}. */
  public FieldPath index(int i) {
    return new FieldPath(rendered + "[" + i + "]");
  }

  /** This path at map key {@code key}; upstream prints keys unquoted. */
  public FieldPath key(String key) {
    return new FieldPath(rendered + "[" + key + "]");
  }

  @Override
  public String toString() {
    return rendered;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath p && p.rendered.equals(rendered);
  }

  @Override
  public int hashCode() {
    return rendered.hashCode();
  }
}
