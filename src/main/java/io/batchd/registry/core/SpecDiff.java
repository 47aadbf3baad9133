package io.batchd.registry.core;

import io.batchd.api.codec.Codecs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What differs between two objects, one line per changed field: {@code - path: old} and {@code +
 * path: new}. Upstream prints a Go {@code cmp.Diff} of its internal types after "pod updates may
 * not change fields other than ..."; batchd prints this instead, with the JSON field paths a client
 * wrote.
 */
final class SpecDiff {
  private SpecDiff() {}

  static String between(Object before, Object after) {
    List<String> lines = new ArrayList<>();
    diff("spec", Codecs.JSON.valueToTree(before), Codecs.JSON.valueToTree(after), lines);
    return String.join("\n", lines);
  }

  private static void diff(String path, JsonNode a, JsonNode b, List<String> lines) {
    if (a == null || a.isNull() || a.isMissingNode()) {
      if (b != null && !b.isNull() && !b.isMissingNode()) {
        lines.add("+ " + path + ": " + b);
      }
      return;
    }
    if (b == null || b.isNull() || b.isMissingNode()) {
      lines.add("- " + path + ": " + a);
      return;
    }
    if (a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      names(a, names);
      names(b, names);
      for (String name : names) {
        diff(path + "." + name, a.get(name), b.get(name), lines);
      }
      return;
    }
    if (a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        diff(path + "[" + i + "]", a.get(i), b.get(i), lines);
      }
      return;
    }
    if (!a.equals(b)) {
      lines.add("- " + path + ": " + a);
      lines.add("+ " + path + ": " + b);
    }
  }

  private static void names(JsonNode node, TreeSet<String> into) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext()) {
      into.add(fields.next().getKey());
    }
  }
}
