package io.batchd.apiserver.cloudrun;

import io.batchd.api.errors.StatusException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Google's JSON error body, {@code {"error":{"code","message","status"}}}, from a Status error. */
final class GoogleErrors {
  private GoogleErrors() {}

  static Map<String, Object> body(int code, String message) {
    return body(code, canonical(code), message);
  }

  static Map<String, Object> body(int code, String status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("status", status);
    return Map.of("error", error);
  }

  /** Kubernetes' 422 Invalid is Google's 400 INVALID_ARGUMENT. */
  static int httpCode(StatusException e) {
    return e.code() == 422 ? 400 : e.code();
  }

  /** A write based on a stale version is ABORTED in Google's terms, not ALREADY_EXISTS. */
  static String canonical(StatusException e) {
    return e.code() == 409 && "Conflict".equals(e.reason()) ? "ABORTED" : canonical(httpCode(e));
  }

  static String canonical(int code) {
    return switch (code) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ALREADY_EXISTS";
      case 412 -> "FAILED_PRECONDITION";
      case 413 -> "OUT_OF_RANGE";
      case 415 -> "INVALID_ARGUMENT";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }
}
