package io.batchd.node.runtime;

import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} references in command, args, env values and subPathExpr.
 *
 * <p>The rules, as the kubelet applies them: {@code $(NAME)} becomes the value of NAME when the
 * lookup knows it and stays as written when it does not; {@code $$} is an escaped {@code $}; a
 * {@code $} before anything else, or a {@code $(} never closed, is kept as it is. References do not
 * nest and are not expanded again.
 */
public final class VariableExpansion {
  private VariableExpansion() {}

  /**
   * Expands {@code input}; {@code lookup} returns a variable's value or null when it is unknown
   * (the reference is then kept as written).
   */
  public static String expand(String input, Function<String, String> lookup) {
    if (input.indexOf('$') < 0) {
      return input;
    }
    StringBuilder out = new StringBuilder(input.length());
    int i = 0;
    int n = input.length();
    while (i < n) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) {
          // An unclosed reference: keep "$(" and go on after it.
          out.append("$(");
          i += 2;
        } else {
          String name = input.substring(i + 2, close);
          String value = lookup.apply(name);
          out.append(value != null ? value : "$(" + name + ")");
          i = close + 1;
        }
      } else {
        out.append('$').append(next);
        i += 2;
      }
    }
    return out.toString();
  }
}
