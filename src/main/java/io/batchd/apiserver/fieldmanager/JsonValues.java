package io.batchd.apiserver.fieldmanager;

import io.batchd.api.GoStrings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Equality, order and printing of JSON values as structured-merge-diff defines them: integers and
 * floats compare by number, maps ignore key order, and values of different kinds order as float,
 * int, string, bool, list, map, null.
 */
final class JsonValues {
  private JsonValues() {}

  static boolean equal(JsonNode a, JsonNode b) {
    return compare(a, b) == 0;
  }

  static int compare(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    boolean numbers = ra <= 1 && rb <= 1;
    if (numbers) {
      if (ra == 1 && rb == 1) {
        return a.bigIntegerValue().compareTo(b.bigIntegerValue());
      }
      return Double.compare(a.asDouble(), b.asDouble());
    }
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (ra) {
      case 2 -> a.asString().compareTo(b.asString());
      case 3 -> Boolean.compare(a.asBoolean(), b.asBoolean());
      case 4 -> compareLists(a, b);
      case 5 -> compareMaps(a, b);
      default -> 0;
    };
  }

  private static int rank(JsonNode v) {
    if (v.isFloatingPointNumber()) {
      return 0;
    }
    if (v.isIntegralNumber()) {
      return 1;
    }
    if (v.isString()) {
      return 2;
    }
    if (v.isBoolean()) {
      return 3;
    }
    if (v.isArray()) {
      return 4;
    }
    if (v.isObject()) {
      return 5;
    }
    return 6;
  }

  private static int compareLists(JsonNode a, JsonNode b) {
    for (int i = 0; ; i++) {
      if (i >= a.size() || i >= b.size()) {
        return Integer.compare(a.size(), b.size());
      }
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
  }

  /** Maps compare by their sorted keys, then by the values of those keys. */
  private static int compareMaps(JsonNode a, JsonNode b) {
    List<String> ka = sortedKeys(a);
    List<String> kb = sortedKeys(b);
    for (int i = 0; ; i++) {
      if (i >= ka.size() || i >= kb.size()) {
        return Integer.compare(ka.size(), kb.size());
      }
      int c = ka.get(i).compareTo(kb.get(i));
      if (c != 0) {
        return c;
      }
      c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
      if (c != 0) {
        return c;
      }
    }
  }

  private static List<String> sortedKeys(JsonNode map) {
    List<String> keys = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.properties().iterator(); it.hasNext(); ) {
      keys.add(it.next().getKey());
    }
    keys.sort(null);
    return keys;
  }

  /** The value as Go's structured-merge-diff prints it in paths: strings quoted, others bare. */
  static String toString(JsonNode v) {
    if (v.isNull()) {
      return "null";
    }
    if (v.isString()) {
      return GoStrings.quote(v.asString());
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(item -> items.add(toString(item)));
      return "[" + String.join(",", items) + "]";
    }
    if (v.isObject()) {
      StringBuilder b = new StringBuilder();
      v.properties().forEach(e -> b.append(e.getKey()).append('=').append(toString(e.getValue())));
      return b.toString();
    }
    return v.toString();
  }
}
