package io.batchd.apiserver;

import io.batchd.api.errors.StatusException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code fieldValidation} query parameter: what to do with unknown and duplicate fields in a
 * request body. {@code Strict} rejects them with 400, {@code Warn} (the default) answers with
 * {@code Warning} headers, {@code Ignore} drops them silently; in every mode they are not stored.
 */
enum FieldValidation {
  IGNORE,
  WARN,
  STRICT;

  static FieldValidation parse(String value) {
    if (value == null || value.isEmpty()) {
      return WARN;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "ignore" -> IGNORE;
      case "warn" -> WARN;
      case "strict" -> STRICT;
      default ->
          throw StatusException.badRequest(
              "fieldValidation: Unsupported value: \""
                  + value
                  + "\": supported values: \"Ignore\", \"Warn\", \"Strict\"");
    };
  }

  /**
   * Reports {@code problems} ({@code unknown field "spec.x"}, {@code duplicate field "y"})
   * according to the mode: a 400 for Strict, warnings for Warn.
   */
  void report(List<String> problems, List<String> warnings, String kind, String version) {
    if (problems.isEmpty() || this == IGNORE) {
      return;
    }
    if (this == STRICT) {
      throw StatusException.badRequest(
          kind
              + " in version \""
              + version
              + "\" cannot be handled as a "
              + kind
              + ": strict decoding error: "
              + String.join(", ", problems));
    }
    warnings.addAll(problems);
  }

  /** Finds keys repeated within one JSON object, with their paths, in document order. */
  static List<String> duplicateFields(JsonMapper mapper, byte[] json) {
    List<String> duplicates = new ArrayList<>();
    Deque<Set<String>> seen = new ArrayDeque<>();
    try (JsonParser p = mapper.createParser(json)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT -> seen.push(new HashSet<>());
          case END_OBJECT -> seen.pop();
          case PROPERTY_NAME -> {
            String name = p.currentName();
            if (!seen.peek().add(name)) {
              duplicates.add("duplicate field \"" + KubernetesPaths.fieldPath(p, name) + "\"");
            }
          }
          default -> {}
        }
      }
    }
    return duplicates;
  }
}
