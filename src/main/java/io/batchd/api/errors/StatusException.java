package io.batchd.api.errors;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An error that reaches the client as a Kubernetes {@code Status} with an HTTP code, a reason and a
 * message. The factory methods word their messages exactly as kube-apiserver does, because clients
 * and scripts match on them.
 */
public class StatusException extends RuntimeException {
  private final int code;
  private final String reason;
  private final transient StatusDetails details;

  public StatusException(int code, String reason, String message, StatusDetails details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public StatusDetails details() {
    return details;
  }

  /** The {@code Status} object for the response body. */
  public Status toStatus() {
    Status s = new Status();
    s.setApiVersion("v1");
    s.setKind("Status");
    s.setMetadata(new ListMeta());
    s.setStatus("Failure");
    s.setMessage(getMessage());
    s.setReason(reason);
    s.setDetails(details);
    s.setCode(code);
    return s;
  }

  /** {@code jobs.batch}, or {@code namespaces} for the core group. */
  public static String qualifiedResource(String group, String resource) {
    return group == null || group.isEmpty() ? resource : resource + "." + group;
  }

  private static StatusDetails details(String group, String kind, String name) {
    StatusDetails d = new StatusDetails();
    d.setName(name);
    d.setGroup(group == null || group.isEmpty() ? null : group);
    d.setKind(kind);
    return d;
  }

  public static StatusException notFound(String group, String resource, String name) {
    return new StatusException(
        404,
        "NotFound",
        qualifiedResource(group, resource) + " \"" + name + "\" not found",
        details(group, resource, name));
  }

  public static StatusException alreadyExists(String group, String resource, String name) {
    return new StatusException(
        409,
        "AlreadyExists",
        qualifiedResource(group, resource) + " \"" + name + "\" already exists",
        details(group, resource, name));
  }

  /** An update based on a stale resourceVersion. */
  public static StatusException conflict(String group, String resource, String name) {
    return conflict(
        group,
        resource,
        name,
        "the object has been modified; please apply your changes to the latest version and try"
            + " again");
  }

  public static StatusException conflict(String group, String resource, String name, String why) {
    return new StatusException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + qualifiedResource(group, resource)
            + " \""
            + name
            + "\": "
            + why,
        details(group, resource, name));
  }

  /** 422: {@code Job.batch "x" is invalid: [spec.a: ..., spec.b: ...]}. */
  public static StatusException invalid(
      String group, String kind, String name, List<FieldError> errors) {
    String list =
        errors.size() == 1
            ? errors.get(0).message()
            : errors.stream().map(FieldError::message).collect(Collectors.joining(", ", "[", "]"));
    StatusDetails d = details(group, kind, name);
    d.setCauses(
        errors.stream().map(e -> new StatusCause(e.field(), e.body(), e.type().reason())).toList());
    return new StatusException(
        422,
        "Invalid",
        qualifiedResource(group, kind) + " \"" + name + "\" is invalid: " + list,
        d);
  }

  public static StatusException badRequest(String message) {
    return new StatusException(400, "BadRequest", message, null);
  }

  public static StatusException unauthorized() {
    return new StatusException(401, "Unauthorized", "Unauthorized", null);
  }

  public static StatusException forbidden(String message) {
    return new StatusException(403, "Forbidden", message, null);
  }

  public static StatusException methodNotAllowed(String message) {
    return new StatusException(405, "MethodNotAllowed", message, null);
  }

  public static StatusException notAcceptable(String message) {
    return new StatusException(406, "NotAcceptable", message, null);
  }

  /** 410 for a resourceVersion older than the kept history. */
  public static StatusException expired(String message) {
    return new StatusException(410, "Expired", message, null);
  }

  public static StatusException gone(String message) {
    return new StatusException(410, "Gone", message, null);
  }

  public static StatusException requestEntityTooLarge(String message) {
    return new StatusException(413, "RequestEntityTooLarge", message, null);
  }

  public static StatusException unsupportedMediaType() {
    return new StatusException(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include:"
            + " application/json, application/yaml, application/vnd.kubernetes.protobuf",
        null);
  }

  public static StatusException tooManyRequests(String message) {
    StatusDetails d = new StatusDetails();
    d.setRetryAfterSeconds(1);
    return new StatusException(429, "TooManyRequests", message, d);
  }
}
