package io.batchd.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A set of field paths, kept as a tree: the path elements that are members at this level, and the
 * subsets below each element. This is structured-merge-diff's {@code fieldpath.Set}: a path is in
 * the set only if it was inserted, so owning {@code .spec.replicas} does not make {@code .spec} a
 * member. Sets are built with {@link #insert} and never change after they are shared; the set
 * operations return new sets.
 */
final class FieldSet {
  private final NavigableSet<PathElement> members = new TreeSet<>();
  private final NavigableMap<PathElement, FieldSet> children = new TreeMap<>();

  static FieldSet empty() {
    return new FieldSet();
  }

  static FieldSet of(FieldPath... paths) {
    FieldSet set = new FieldSet();
    for (FieldPath p : paths) {
      set.insert(p);
    }
    return set;
  }

  void insert(FieldPath path) {
    List<PathElement> elements = path.elements();
    if (elements.isEmpty()) {
      return;
    }
    FieldSet at = this;
    for (int i = 0; i < elements.size() - 1; i++) {
      at = at.children.computeIfAbsent(elements.get(i), e -> new FieldSet());
    }
    at.members.add(elements.getLast());
  }

  boolean has(FieldPath path) {
    FieldSet at = this;
    List<PathElement> elements = path.elements();
    if (elements.isEmpty()) {
      return false;
    }
    for (int i = 0; i < elements.size() - 1; i++) {
      at = at.children.get(elements.get(i));
      if (at == null) {
        return false;
      }
    }
    return at.members.contains(elements.getLast());
  }

  boolean isEmpty() {
    if (!members.isEmpty()) {
      return false;
    }
    for (FieldSet child : children.values()) {
      if (!child.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code element} is a member at this level. */
  boolean hasMember(PathElement element) {
    return members.contains(element);
  }

  /** The paths below {@code element}, relative to it; empty if there are none. */
  FieldSet withPrefix(PathElement element) {
    FieldSet child = children.get(element);
    return child == null ? empty() : child;
  }

  NavigableSet<PathElement> members() {
    return members;
  }

  NavigableMap<PathElement, FieldSet> children() {
    return children;
  }

  FieldSet union(FieldSet other) {
    FieldSet out = new FieldSet();
    out.members.addAll(members);
    out.members.addAll(other.members);
    children.forEach((pe, set) -> out.children.put(pe, set.union(other.withPrefix(pe))));
    other.children.forEach((pe, set) -> out.children.putIfAbsent(pe, set.union(empty())));
    return out;
  }

  FieldSet intersection(FieldSet other) {
    FieldSet out = new FieldSet();
    for (PathElement pe : members) {
      if (other.members.contains(pe)) {
        out.members.add(pe);
      }
    }
    children.forEach(
        (pe, set) -> {
          FieldSet both = set.intersection(other.withPrefix(pe));
          if (!both.isEmpty()) {
            out.children.put(pe, both);
          }
        });
    return out;
  }

  FieldSet difference(FieldSet other) {
    FieldSet out = new FieldSet();
    for (PathElement pe : members) {
      if (!other.members.contains(pe)) {
        out.members.add(pe);
      }
    }
    children.forEach(
        (pe, set) -> {
          FieldSet left = set.difference(other.withPrefix(pe));
          if (!left.isEmpty()) {
            out.children.put(pe, left);
          }
        });
    return out;
  }

  /** The difference, where a member of {@code other} also removes everything below it. */
  FieldSet recursiveDifference(FieldSet other) {
    FieldSet out = new FieldSet();
    for (PathElement pe : members) {
      if (!other.members.contains(pe)) {
        out.members.add(pe);
      }
    }
    children.forEach(
        (pe, set) -> {
          if (other.members.contains(pe)) {
            return;
          }
          FieldSet left = set.recursiveDifference(other.withPrefix(pe));
          if (!left.isEmpty()) {
            out.children.put(pe, left);
          }
        });
    return out;
  }

  /** Every path in the set: this level's members first, then each child's paths, in order. */
  void forEach(Consumer<FieldPath> action) {
    forEach(FieldPath.ROOT, action);
  }

  private void forEach(FieldPath prefix, Consumer<FieldPath> action) {
    members.forEach(pe -> action.accept(prefix.child(pe)));
    children.forEach((pe, set) -> set.forEach(prefix.child(pe), action));
  }

  List<FieldPath> paths() {
    List<FieldPath> paths = new ArrayList<>();
    forEach(paths::add);
    return paths;
  }

  /**
   * The {@code fieldsV1} form: each element as a key, members with an empty object, subsets with
   * their contents and, when the element is also a member, a {@code "."} entry after them, in
   * structured-merge-diff's order.
   */
  Map<String, Object> toFieldsV1() {
    Map<String, Object> out = new LinkedHashMap<>();
    TreeSet<PathElement> all = new TreeSet<>(members);
    all.addAll(children.keySet());
    for (PathElement pe : all) {
      FieldSet child = children.get(pe);
      boolean member = members.contains(pe);
      if (child == null || child.isEmpty()) {
        out.put(pe.serialize(), new LinkedHashMap<String, Object>());
      } else {
        Map<String, Object> nested = child.toFieldsV1();
        if (member) {
          nested.put(".", new LinkedHashMap<String, Object>());
        }
        out.put(pe.serialize(), nested);
      }
    }
    return out;
  }

  /**
   * Reads the {@code fieldsV1} form.
   *
   * @throws IllegalArgumentException if it is malformed
   */
  static FieldSet fromFieldsV1(Map<?, ?> fields) {
    FieldSet set = new FieldSet();
    read(set, fields);
    return set;
  }

  private static void read(FieldSet into, Map<?, ?> fields) {
    for (Map.Entry<?, ?> entry : fields.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (key.equals(".")) {
        continue;
      }
      PathElement pe = PathElement.parse(key);
      if (pe == null) {
        continue;
      }
      if (!(entry.getValue() instanceof Map<?, ?> nested)) {
        throw new IllegalArgumentException("the value of " + key + " must be an object");
      }
      boolean member = nested.isEmpty() || nested.containsKey(".");
      if (member) {
        into.members.add(pe);
      }
      FieldSet child = new FieldSet();
      read(child, nested);
      if (!child.isEmpty()) {
        into.children.put(pe, child);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet other
        && members.equals(other.members)
        && nonEmptyChildren().equals(other.nonEmptyChildren());
  }

  private Map<PathElement, FieldSet> nonEmptyChildren() {
    Map<PathElement, FieldSet> out = new TreeMap<>();
    children.forEach(
        (pe, set) -> {
          if (!set.isEmpty()) {
            out.put(pe, set);
          }
        });
    return out;
  }

  @Override
  public int hashCode() {
    return members.size();
  }

  @Override
  public String toString() {
    return paths().toString();
  }
}
