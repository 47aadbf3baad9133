package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Writes objects, lists, tables and Status errors in the form the client negotiated. */
final class Responses {
  private Responses() {}

  static void write(RoutingContext ctx, int code, Object body, MediaTypes.Response form) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    boolean pretty = "true".equals(ctx.request().getParam("pretty"));
    String text;
    String contentType;
    if (form == MediaTypes.Response.YAML) {
      text = Codecs.YAML.writeValueAsString(body);
      contentType = MediaTypes.YAML;
    } else {
      text =
          pretty
              ? Codecs.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n"
              : Codecs.JSON.writeValueAsString(body);
      contentType = MediaTypes.JSON;
    }
    response
        .setStatusCode(code)
        .putHeader("Content-Type", contentType)
        .putHeader("Cache-Control", "no-cache, private")
        .end(text);
  }

  static void error(RoutingContext ctx, StatusException e) {
    write(ctx, e.code(), e.toStatus(), MediaTypes.Response.JSON);
  }

  /** Adds {@code Warning} headers as kube-apiserver sends them: {@code 299 - "text"}. */
  static void warn(RoutingContext ctx, List<String> warnings) {
    for (String w : warnings) {
      ctx.response()
          .headers()
          .add("Warning", "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
  }
}
