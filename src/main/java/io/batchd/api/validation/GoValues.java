package io.batchd.api.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders rejected values as kube-apiserver prints them in field errors, which is Go's {@code %#v}
 * for maps, slices and structs, {@code String()} for times, and {@code "null"} for nil pointers.
 *
 * <p>Structs that Go prints with memory addresses inside (pod templates, policies) cannot be
 * reproduced; {@link #json} renders those as compact JSON instead, which is at least readable.
 */
public final class GoValues {
  /**
   * What Go prints for a nil pointer: it substitutes the string {@code "null"}, which its error
   * printer then quotes. Passing this string as a bad value gives the same text.
   */
  public static final String NIL = "null";

  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private GoValues() {}

  /** {@code value}, or {@link #NIL} for null, as bad value of a nil-able pointer field. */
  public static Object orNil(Object value) {
    return value == null ? NIL : value;
  }

  /** {@code map[string]string{"a":"b", "c":"d"}}, keys sorted as Go's printer sorts them. */
  public static GoValue stringMap(Map<String, String> map) {
    return new GoValue(renderStringMap(map));
  }

  /** {@code []int32{1, 2}}, or {@code []int32(nil)} when absent or empty. */
  public static GoValue int32Slice(List<Integer> values) {
    if (values == null || values.isEmpty()) {
      return new GoValue("[]int32(nil)");
    }
    return new GoValue(
        values.stream().map(String::valueOf).collect(Collectors.joining(", ", "[]int32{", "}")));
  }

  /** {@code []string{"a", "b"}}, or {@code []string(nil)} when absent or empty. */
  public static GoValue stringSlice(List<String> values) {
    return new GoValue(renderStringSlice(values));
  }

  /** A label selector as Go prints {@code v1.LabelSelector} with {@code %#v}. */
  public static GoValue labelSelector(LabelSelector selector) {
    if (selector == null) {
      return new GoValue(NIL);
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    String exprs =
        expressions == null || expressions.isEmpty()
            ? "[]v1.LabelSelectorRequirement(nil)"
            : expressions.stream()
                .map(
                    r ->
                        "v1.LabelSelectorRequirement{Key:"
                            + quote(nullToEmpty(r.getKey()))
                            + ", Operator:"
                            + quote(nullToEmpty(r.getOperator()))
                            + ", Values:"
                            + renderStringSlice(r.getValues())
                            + "}")
                .collect(Collectors.joining(", ", "[]v1.LabelSelectorRequirement{", "}"));
    return new GoValue(
        "v1.LabelSelector{MatchLabels:"
            + renderStringMap(selector.getMatchLabels())
            + ", MatchExpressions:"
            + exprs
            + "}");
  }

  /**
   * A {@code metav1.Time} as its {@code String()} prints it, e.g. {@code 2024-05-01 10:00:00 +0000
   * UTC}; the API server reads times into UTC here. Unparseable text is returned unchanged.
   */
  public static GoValue time(String rfc3339) {
    if (rfc3339 == null) {
      return new GoValue(NIL);
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(rfc3339).withOffsetSameInstant(ZoneOffset.UTC);
      String fraction =
          t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
      return new GoValue(t.format(GO_TIME) + fraction + " +0000 UTC");
    } catch (DateTimeParseException e) {
      return new GoValue(rfc3339);
    }
  }

  /** A struct Go would print with addresses inside: rendered as compact JSON instead. */
  public static GoValue json(Object value) {
    return new GoValue(value == null ? NIL : ModelJson.compact(value));
  }

  /** A Go string literal, as {@code strconv.Quote} writes it. */
  public static String quote(String s) {
    return io.batchd.api.GoStrings.quote(s);
  }

  private static String renderStringMap(Map<String, String> map) {
    if (map == null) {
      return "map[string]string(nil)";
    }
    return new TreeMap<>(map)
        .entrySet().stream()
            .map(e -> quote(e.getKey()) + ":" + quote(nullToEmpty(e.getValue())))
            .collect(Collectors.joining(", ", "map[string]string{", "}"));
  }

  private static String renderStringSlice(List<String> values) {
    if (values == null || values.isEmpty()) {
      return "[]string(nil)";
    }
    return values.stream()
        .map(v -> quote(nullToEmpty(v)))
        .collect(Collectors.joining(", ", "[]string{", "}"));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
