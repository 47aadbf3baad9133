package io.batchd.cli;

import io.batchd.api.PodLogOptions;
import io.batchd.api.errors.StatusException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The query of a remote agent's {@code /containerLogs/{namespace}/{pod}/{container}} endpoint, as
 * the kubelet's: the pod log options the API server has validated, passed on unchanged.
 */
final class KubeletLogQuery {
  private KubeletLogQuery() {}

  static String of(PodLogOptions options) {
    List<String> params = new ArrayList<>();
    if (options.follow()) {
      params.add("follow=true");
    }
    if (options.previous()) {
      params.add("previous=true");
    }
    if (options.timestamps()) {
      params.add("timestamps=true");
    }
    if (options.tailLines() != null) {
      params.add("tailLines=" + options.tailLines());
    }
    if (options.sinceSeconds() != null) {
      params.add("sinceSeconds=" + options.sinceSeconds());
    }
    if (options.sinceTime() != null) {
      params.add(
          "sinceTime=" + URLEncoder.encode(options.sinceTime().toString(), StandardCharsets.UTF_8));
    }
    if (options.limitBytes() != null) {
      params.add("limitBytes=" + options.limitBytes());
    }
    return String.join("&", params);
  }

  /** Reads the query back; a value that does not parse is a 400 naming it. */
  static PodLogOptions parse(String container, Function<String, String> params) {
    return new PodLogOptions(
        container,
        bool(params, "follow"),
        bool(params, "previous"),
        number(params, "sinceSeconds"),
        time(params, "sinceTime"),
        bool(params, "timestamps"),
        number(params, "tailLines"),
        number(params, "limitBytes"),
        false);
  }

  private static boolean bool(Function<String, String> params, String name) {
    String value = params.apply(name);
    if (value == null || value.isEmpty() || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw StatusException.badRequest(
        name + ": Invalid value: \"" + value + "\": must be a boolean (true or false)");
  }

  private static Long number(Function<String, String> params, String name) {
    String value = params.apply(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw StatusException.badRequest(
          name + ": Invalid value: \"" + value + "\": must be a non-negative integer");
    }
  }

  private static Instant time(Function<String, String> params, String name) {
    String value = params.apply(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw StatusException.badRequest(
          name + ": Invalid value: \"" + value + "\": must be an RFC 3339 time");
    }
  }
}
