package io.batchd.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.List;

/** A path from the root of an object to one of its fields or list elements. */
record FieldPath(List<PathElement> elements) {
  static final FieldPath ROOT = new FieldPath(List.of());

  FieldPath {
    elements = List.copyOf(elements);
  }

  static FieldPath of(String... fields) {
    List<PathElement> elements = new ArrayList<>();
    for (String f : fields) {
      elements.add(PathElement.field(f));
    }
    return new FieldPath(elements);
  }

  FieldPath child(PathElement element) {
    List<PathElement> longer = new ArrayList<>(elements);
    longer.add(element);
    return new FieldPath(longer);
  }

  /** The form in conflict messages: {@code .spec.template.spec.containers[name="a"].image}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    elements.forEach(e -> b.append(e.display()));
    return b.toString();
  }
}
