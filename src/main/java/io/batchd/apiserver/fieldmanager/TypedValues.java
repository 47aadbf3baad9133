package io.batchd.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operations of structured-merge-diff's typed values, on JSON trees and their {@link
 * TypeSchema}: the set of fields a value sets, the comparison of two values, the merge of an
 * applied configuration into a live object, and the removal of fields. A Java {@code null} is an
 * absent value; a JSON null is present.
 */
final class TypedValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TypedValues() {}

  /** Values that do not fit their schema, with structured-merge-diff's path-prefixed messages. */
  static final class SchemaMismatch extends RuntimeException {
    SchemaMismatch(List<String> errors) {
      super(String.join("\n", errors));
    }
  }

  // --- list elements ---

  /**
   * The path element of a list element: its key values in an associative list (a missing key takes
   * its schema default), its value in a set, its index otherwise.
   *
   * @throws IllegalArgumentException if the element cannot be addressed
   */
  static PathElement elementOf(TypeSchema list, int index, JsonNode item) {
    return switch (list.listType()) {
      case ATOMIC -> new PathElement.Index(index);
      case SET -> {
        if (item.isObject()) {
          throw new IllegalArgumentException(
              "associative list without keys has an element that's a map type");
        }
        if (item.isArray()) {
          throw new IllegalArgumentException(
              "not supported: associative list with lists as elements");
        }
        if (item.isNull()) {
          throw new IllegalArgumentException(
              "associative list without keys has an element that's an explicit null");
        }
        yield new PathElement.Value(item);
      }
      case MAP -> {
        if (item.isNull()) {
          throw new IllegalArgumentException(
              "associative list with keys may not have a null element");
        }
        if (!item.isObject()) {
          throw new IllegalArgumentException(
              "associative list with keys may not have non-map elements");
        }
        TypeSchema element = list.items().resolve(item);
        List<Map.Entry<String, JsonNode>> key = new ArrayList<>();
        for (String name : list.keys()) {
          JsonNode value = item.get(name);
          if (value == null) {
            value = element.fieldDefault(name);
          }
          if (value == null) {
            throw new IllegalArgumentException(
                "associative list with keys has an element that omits key field \""
                    + name
                    + "\" (and doesn't have default value)");
          }
          key.add(Map.entry(name, value));
        }
        yield PathElement.key(key);
      }
    };
  }

  /**
   * A list's elements by path element, looked up by structured-merge-diff's order (so {@code 1} and
   * {@code 1.0} are one set element), with the list's order kept beside.
   */
  private record Indexed(List<PathElement> order, TreeMap<PathElement, JsonNode> byElement) {
    JsonNode get(PathElement pe) {
      return byElement.get(pe);
    }
  }

  /** Indexes a list's elements; duplicates and unaddressable elements are reported. */
  private static Indexed index(
      TypeSchema list, JsonNode array, FieldPath path, List<String> errors) {
    Indexed indexed = new Indexed(new ArrayList<>(), new TreeMap<>());
    if (array == null || !array.isArray()) {
      return indexed;
    }
    for (int i = 0; i < array.size(); i++) {
      PathElement pe;
      try {
        pe = elementOf(list, i, array.get(i));
      } catch (IllegalArgumentException e) {
        errors.add(path + ": element " + i + ": " + e.getMessage());
        continue;
      }
      if (indexed.byElement().containsKey(pe)) {
        errors.add(path + ": duplicate entries for key " + pe.display());
        continue;
      }
      indexed.byElement().put(pe, array.get(i));
      indexed.order().add(pe);
    }
    return indexed;
  }

  private static boolean isEmptyMap(JsonNode v) {
    return v == null || v.isNull() || (v.isObject() && v.isEmpty());
  }

  private static boolean isEmptyList(JsonNode v) {
    return v == null || v.isNull() || (v.isArray() && v.isEmpty());
  }

  // --- the set of fields a value sets ---

  /**
   * The fields {@code value} sets: every scalar, atomic map and atomic list, every element of a
   * granular list, every entry of a map without declared fields, and every null or empty map.
   *
   * @throws SchemaMismatch if the value does not fit the schema (undeclared fields, list elements
   *     without their keys, duplicates, a list where a map belongs)
   */
  static FieldSet toFieldSet(TypeSchema type, JsonNode value) {
    List<String> errors = new ArrayList<>();
    FieldSet set = FieldSet.empty();
    collect(type, value, FieldPath.ROOT, set, errors);
    if (!errors.isEmpty()) {
      throw new SchemaMismatch(errors);
    }
    return set;
  }

  private static void collect(
      TypeSchema declared, JsonNode value, FieldPath path, FieldSet set, List<String> errors) {
    TypeSchema t = declared.resolve(value);
    switch (t.kind()) {
      case SCALAR -> {
        if (value.isObject() || value.isArray()) {
          errors.add(
              path
                  + ": expected scalar, got "
                  + (value.isObject() ? "map" : "list")
                  + ": "
                  + value);
          return;
        }
        set.insert(path);
      }
      case MAP -> {
        if (value.isNull()) {
          return;
        }
        if (!value.isObject()) {
          errors.add(path + ": expected map, got " + value);
          return;
        }
        if (t.atomic()) {
          set.insert(path);
          return;
        }
        value
            .properties()
            .forEach(
                e -> {
                  String name = e.getKey();
                  JsonNode child = e.getValue();
                  FieldPath at = path.child(PathElement.field(name));
                  TypeSchema ct = t.child(name);
                  if (ct == null) {
                    errors.add(at + ": field not declared in schema");
                    return;
                  }
                  collect(ct, child, at, set, errors);
                  if (child.isNull() || (child.isObject() && child.isEmpty())) {
                    set.insert(at);
                  } else if (t.field(name) == null) {
                    set.insert(at);
                  }
                });
      }
      case LIST -> {
        if (value.isNull()) {
          return;
        }
        if (!value.isArray()) {
          errors.add(path + ": expected list, got " + value);
          return;
        }
        if (t.atomic()) {
          set.insert(path);
          return;
        }
        Indexed items = index(t, value, path, errors);
        for (PathElement pe : items.order()) {
          FieldPath at = path.child(pe);
          collect(t.items(), items.get(pe), at, set, errors);
          set.insert(at);
        }
      }
      case UNTYPED -> set.insert(path);
    }
  }

  /**
   * Adds, as members, the struct fields that have members below them: structured-merge-diff's
   * {@code EnsureNamedFieldsAreMembers}, which pruning uses so that owning a field of a struct
   * keeps the struct.
   */
  static FieldSet withNamedFieldsAsMembers(TypeSchema type, FieldSet set) {
    FieldSet out = FieldSet.empty();
    copyNamed(type, set, FieldPath.ROOT, out);
    return out;
  }

  private static void copyNamed(TypeSchema type, FieldSet set, FieldPath at, FieldSet out) {
    set.members().forEach(pe -> out.insert(at.child(pe)));
    set.children()
        .forEach(
            (pe, child) -> {
              if (child.isEmpty()) {
                return;
              }
              TypeSchema childType = null;
              if (type != null && type.kind() == TypeSchema.Kind.MAP) {
                if (pe instanceof PathElement.Field f) {
                  if (type.field(f.name()) != null) {
                    out.insert(at.child(pe));
                  }
                  childType = type.child(f.name());
                }
              } else if (type != null && type.kind() == TypeSchema.Kind.LIST) {
                childType = type.items();
              }
              copyNamed(childType, child, at.child(pe), out);
            });
  }

  // --- comparison ---

  /** What changed between two values: fields added, removed and modified. */
  record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
    boolean isSame() {
      return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
    }

    /** The comparison without the fields in {@code ignored} and below them. */
    Comparison without(FieldSet ignored) {
      return new Comparison(
          added.recursiveDifference(ignored),
          modified.recursiveDifference(ignored),
          removed.recursiveDifference(ignored));
    }
  }

  static Comparison compare(TypeSchema type, JsonNode lhs, JsonNode rhs) {
    Comparison c = new Comparison(FieldSet.empty(), FieldSet.empty(), FieldSet.empty());
    compare(type, lhs, rhs, FieldPath.ROOT, c);
    return c;
  }

  private static void compare(
      TypeSchema declared, JsonNode lhs, JsonNode rhs, FieldPath path, Comparison out) {
    TypeSchema t = declared.resolve(rhs != null ? rhs : lhs);
    boolean leaf =
        switch (t.kind()) {
          case SCALAR, UNTYPED -> true;
          case MAP ->
              t.atomic()
                  || (isEmptyMap(lhs) && isEmptyMap(rhs))
                  || !objectOrNull(lhs)
                  || !objectOrNull(rhs);
          case LIST ->
              t.atomic()
                  || (isEmptyList(lhs) && isEmptyList(rhs))
                  || !arrayOrNull(lhs)
                  || !arrayOrNull(rhs);
        };
    if (leaf) {
      if (lhs == null) {
        out.added().insert(path);
      } else if (rhs == null) {
        out.removed().insert(path);
      } else if (!JsonValues.equal(lhs, rhs)) {
        out.modified().insert(path);
      }
      return;
    }
    if (t.kind() == TypeSchema.Kind.MAP) {
      Set<String> names = new LinkedHashSet<>();
      if (lhs != null && lhs.isObject()) {
        lhs.propertyNames().forEach(names::add);
      }
      if (rhs != null && rhs.isObject()) {
        rhs.propertyNames().forEach(names::add);
      }
      for (String name : names) {
        TypeSchema ct = t.child(name);
        compare(
            ct == null ? TypeSchema.UNTYPED : ct,
            childOf(lhs, name),
            childOf(rhs, name),
            path.child(PathElement.field(name)),
            out);
      }
    } else {
      // Stored objects were checked when written; a comparison reports no schema errors.
      List<String> unreported = new ArrayList<>();
      Indexed left = index(t, lhs, path, unreported);
      Indexed right = index(t, rhs, path, unreported);
      TreeMap<PathElement, Boolean> all = new TreeMap<>();
      left.order().forEach(pe -> all.put(pe, true));
      right.order().forEach(pe -> all.put(pe, true));
      for (PathElement pe : all.keySet()) {
        compare(t.items(), left.get(pe), right.get(pe), path.child(pe), out);
      }
    }
    if (lhs == null) {
      out.added().insert(path);
    } else if (rhs == null) {
      out.removed().insert(path);
    }
  }

  private static boolean objectOrNull(JsonNode v) {
    return v == null || v.isNull() || v.isObject();
  }

  private static boolean arrayOrNull(JsonNode v) {
    return v == null || v.isNull() || v.isArray();
  }

  private static JsonNode childOf(JsonNode v, String name) {
    return v != null && v.isObject() ? v.get(name) : null;
  }

  // --- merge ---

  /**
   * Merges {@code rhs} (an applied configuration) into {@code lhs} (the live object): scalars,
   * atomic values and empty values are taken from {@code rhs} when it has them; granular maps merge
   * key by key; associative lists and sets merge element by element, in an order that keeps the
   * live order and places new elements where the configuration puts them.
   */
  static JsonNode merge(TypeSchema type, JsonNode lhs, JsonNode rhs) {
    List<String> errors = new ArrayList<>();
    JsonNode out = merge(type, lhs, rhs, FieldPath.ROOT, errors);
    if (!errors.isEmpty()) {
      throw new SchemaMismatch(errors);
    }
    return out;
  }

  private static JsonNode merge(
      TypeSchema declared, JsonNode lhs, JsonNode rhs, FieldPath path, List<String> errors) {
    TypeSchema t = declared.resolve(rhs != null ? rhs : lhs);
    boolean leaf =
        switch (t.kind()) {
          case SCALAR, UNTYPED -> true;
          case MAP ->
              t.atomic()
                  || (isEmptyMap(lhs) && isEmptyMap(rhs))
                  || !objectOrNull(lhs)
                  || !objectOrNull(rhs);
          case LIST ->
              t.atomic()
                  || (isEmptyList(lhs) && isEmptyList(rhs))
                  || !arrayOrNull(lhs)
                  || !arrayOrNull(rhs);
        };
    if (leaf) {
      return rhs != null ? rhs.deepCopy() : lhs == null ? null : lhs.deepCopy();
    }
    if (t.kind() == TypeSchema.Kind.MAP) {
      ObjectNode out = NODES.objectNode();
      Set<String> names = new LinkedHashSet<>();
      if (lhs != null && lhs.isObject()) {
        lhs.propertyNames().forEach(names::add);
      }
      if (rhs != null && rhs.isObject()) {
        rhs.propertyNames().forEach(names::add);
      }
      for (String name : names) {
        TypeSchema ct = t.child(name);
        JsonNode merged =
            merge(
                ct == null ? TypeSchema.UNTYPED : ct,
                childOf(lhs, name),
                childOf(rhs, name),
                path.child(PathElement.field(name)),
                errors);
        if (merged != null) {
          out.set(name, merged);
        }
      }
      return out.isEmpty() ? null : out;
    }
    return mergeList(t, lhs, rhs, path, errors);
  }

  private static JsonNode mergeList(
      TypeSchema t, JsonNode lhs, JsonNode rhs, FieldPath path, List<String> errors) {
    Indexed right = index(t, rhs, path, errors);
    Indexed left = index(t, lhs, path, errors);
    List<PathElement> rhsOrder = right.order();
    List<PathElement> lhsOrder = left.order();
    List<PathElement> shared = new ArrayList<>();
    for (PathElement pe : rhsOrder) {
      if (left.get(pe) != null) {
        shared.add(pe);
      }
    }
    ArrayNode out = NODES.arrayNode();
    int sharedAt = 0;
    int l = 0;
    int r = 0;
    while (l < lhsOrder.size() || r < rhsOrder.size()) {
      PathElement nextShared = sharedAt < shared.size() ? shared.get(sharedAt) : null;
      if (l < lhsOrder.size() && r < rhsOrder.size()) {
        PathElement pe = lhsOrder.get(l);
        if (pe.same(rhsOrder.get(r))) {
          add(out, merge(t.items(), left.get(pe), right.get(pe), path.child(pe), errors));
          l++;
          r++;
          sharedAt++;
          continue;
        }
        if (right.get(pe) != null && nextShared != null && !nextShared.same(pe)) {
          // A shared element whose place the configuration gives later: skip it here.
          l++;
          continue;
        }
      }
      if (l < lhsOrder.size()) {
        PathElement pe = lhsOrder.get(l);
        if (right.get(pe) == null) {
          add(out, merge(t.items(), left.get(pe), null, path.child(pe), errors));
          l++;
          continue;
        }
      }
      if (r < rhsOrder.size()) {
        PathElement pe = rhsOrder.get(r);
        add(out, merge(t.items(), left.get(pe), right.get(pe), path.child(pe), errors));
        r++;
        if (nextShared != null && nextShared.same(pe)) {
          sharedAt++;
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static void add(ArrayNode out, JsonNode item) {
    if (item != null) {
      out.add(item);
    }
  }

  // --- removal ---

  /**
   * {@code value} without the paths that are members of {@code remove}, with everything below them.
   * As in structured-merge-diff, a map or list left with nothing becomes null, and so does an
   * atomic value that only has fields below it removed.
   */
  static JsonNode removeItems(TypeSchema declared, JsonNode value, FieldSet remove) {
    if (value == null || remove.isEmpty()) {
      return value;
    }
    TypeSchema t = declared.resolve(value);
    if (t.kind() == TypeSchema.Kind.MAP && value.isObject()) {
      if (value.isEmpty() || t.atomic()) {
        return NODES.nullNode();
      }
      ObjectNode out = NODES.objectNode();
      value
          .properties()
          .forEach(
              e -> {
                PathElement pe = PathElement.field(e.getKey());
                if (remove.hasMember(pe)) {
                  return;
                }
                FieldSet below = remove.withPrefix(pe);
                TypeSchema ct = t.child(e.getKey());
                out.set(
                    e.getKey(),
                    below.isEmpty()
                        ? e.getValue()
                        : removeItems(ct == null ? TypeSchema.UNTYPED : ct, e.getValue(), below));
              });
      return out.isEmpty() ? NODES.nullNode() : out;
    }
    if (t.kind() == TypeSchema.Kind.LIST && value.isArray()) {
      if (value.isEmpty() || t.atomic()) {
        return NODES.nullNode();
      }
      ArrayNode out = NODES.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        PathElement pe;
        try {
          pe = elementOf(t, i, item);
        } catch (IllegalArgumentException e) {
          out.add(item);
          continue;
        }
        if (remove.hasMember(pe)) {
          continue;
        }
        FieldSet below = remove.withPrefix(pe);
        out.add(below.isEmpty() ? item : removeItems(t.items(), item, below));
      }
      return out.isEmpty() ? NODES.nullNode() : out;
    }
    return value;
  }
}
