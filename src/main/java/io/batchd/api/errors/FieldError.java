package io.batchd.api.errors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One reason an object is invalid, as Kubernetes reports it: the field path, what kind of problem,
 * the offending value and a detail. {@link #message()} renders it exactly as kube-apiserver does,
 * e.g. {@code spec.parallelism: Invalid value: -1: must be greater than or equal to 0}.
 *
 * @param type the kind of problem
 * @param field the path, such as {@code spec.template.spec.containers[0].image}
 * @param badValue the rejected value (rendered in the message for types that show it)
 * @param detail what is wrong and how to fix it
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

  /** Upstream's error types: their wording in messages and their reasons in status causes. */
  public enum Type {
    NOT_FOUND("Not found", "FieldValueNotFound"),
    REQUIRED("Required value", "FieldValueRequired"),
    DUPLICATE("Duplicate value", "FieldValueDuplicate"),
    INVALID("Invalid value", "FieldValueInvalid"),
    NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported"),
    FORBIDDEN("Forbidden", "FieldValueForbidden"),
    TOO_LONG("Too long", "FieldValueTooLong"),
    TOO_MANY("Too many", "FieldValueTooMany"),
    INTERNAL("Internal error", "InternalError"),
    TYPE_INVALID("Invalid value", "FieldValueTypeInvalid");

    private final String text;
    private final String reason;

    Type(String text, String reason) {
      this.text = text;
      this.reason = reason;
    }

    public String text() {
      return text;
    }

    /** The {@code reason} of a {@code StatusCause}. */
    public String reason() {
      return reason;
    }
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, "", detail);
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, "", detail);
  }

  public static FieldError duplicate(String field, Object value) {
    return new FieldError(Type.DUPLICATE, field, value, "");
  }

  public static FieldError notFound(String field, Object value) {
    return new FieldError(Type.NOT_FOUND, field, value, "");
  }

  public static FieldError tooLong(String field, Object value, int max) {
    return new FieldError(Type.TOO_LONG, field, value, "may not be more than " + max + " bytes");
  }

  public static FieldError tooMany(String field, int actual, int max) {
    return new FieldError(Type.TOO_MANY, field, actual, "must have at most " + max + " items");
  }

  /** A value outside a fixed set; the detail lists the supported values as upstream does. */
  public static FieldError notSupported(String field, Object value, List<String> supported) {
    String detail =
        supported.isEmpty()
            ? ""
            : "supported values: "
                + supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
  }

  /** The message kube-apiserver prints for this error. */
  public String message() {
    return field + ": " + body();
  }

  /** The message without the field path: the {@code message} of a {@code StatusCause}. */
  public String body() {
    StringBuilder s = new StringBuilder(type.text());
    switch (type) {
      case REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL -> {}
      default -> s.append(": ").append(render(badValue));
    }
    if (detail != null && !detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** Values as Go's field errors print them: strings quoted, null as null, numbers bare. */
  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return value.toString();
  }
}
