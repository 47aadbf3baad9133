package io.batchd.apiserver;

import io.batchd.api.GoStrings;
import io.batchd.api.errors.FieldError;
import io.batchd.api.errors.StatusException;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fieldManager} and {@code force} parameters of writes, checked as upstream's option
 * validation checks them, and the manager a write is recorded under: the parameter, else the
 * User-Agent up to its first {@code /} ({@code kubectl/v1.32.5 ...} is {@code kubectl}).
 */
final class FieldManagerParameter {
  /** Upstream's limit on manager names. */
  static final int MAX_LENGTH = 128;

  private FieldManagerParameter() {}

  /**
   * The manager of a create, update or non-apply patch.
   *
   * @param options the options kind named in errors: {@code CreateOptions}, ...
   */
  static String manager(RoutingContext ctx, String options) {
    String manager = ctx.request().getParam("fieldManager");
    check(manager, options, List.of());
    return manager == null || manager.isEmpty()
        ? fromUserAgent(ctx.request().getHeader("User-Agent"))
        : manager;
  }

  /** The manager of an apply patch, which must name one. */
  static String applier(RoutingContext ctx) {
    String manager = ctx.request().getParam("fieldManager");
    List<FieldError> errors = new ArrayList<>();
    if (manager == null || manager.isEmpty()) {
      // kubectl defaults it; other clients must say who they are.
      errors.add(FieldError.required("fieldManager", "is required for apply patch"));
    }
    check(manager, "PatchOptions", errors);
    return manager;
  }

  /**
   * The {@code force} parameter: only apply patches may set it.
   *
   * @throws StatusException 422 for a non-apply patch that sets it, 400 for a value that is not a
   *     boolean
   */
  static boolean force(RoutingContext ctx, boolean apply) {
    String value = ctx.request().getParam("force");
    if (value == null) {
      return false;
    }
    if (!apply) {
      throw StatusException.invalid(
          "meta.k8s.io",
          "PatchOptions",
          "",
          List.of(FieldError.forbidden("force", "may not be specified for non-apply patch")));
    }
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False", "" -> false;
      default ->
          throw StatusException.badRequest(
              "force: strconv.ParseBool: parsing " + GoStrings.quote(value) + ": invalid syntax");
    };
  }

  private static void check(String manager, String options, List<FieldError> found) {
    List<FieldError> errors = new ArrayList<>(found);
    if (manager != null) {
      if (manager.length() > MAX_LENGTH) {
        errors.add(FieldError.tooLong("fieldManager", manager, MAX_LENGTH));
      }
      int position = 0;
      for (int i = 0; i < manager.length(); ) {
        int c = manager.codePointAt(i);
        if (!GoStrings.isGoPrintable(c)) {
          errors.add(
              FieldError.invalid(
                  "fieldManager",
                  manager,
                  String.format("invalid character U+%04X (at position %d)", c, position)));
        }
        position += new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
        i += Character.charCount(c);
      }
    }
    if (!errors.isEmpty()) {
      throw StatusException.invalid("meta.k8s.io", options, "", errors);
    }
  }

  /**
   * The User-Agent before its first {@code /}, without unprintable characters, at most 128 bytes.
   */
  static String fromUserAgent(String userAgent) {
    if (userAgent == null) {
      return "";
    }
    String prefix = userAgent.split("/", -1)[0];
    StringBuilder b = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < prefix.length(); ) {
      int c = prefix.codePointAt(i);
      i += Character.charCount(c);
      if (!GoStrings.isGoPrintable(c)) {
        continue;
      }
      int size = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > MAX_LENGTH) {
        break;
      }
      b.appendCodePoint(c);
      bytes += size;
    }
    return b.toString();
  }
}
