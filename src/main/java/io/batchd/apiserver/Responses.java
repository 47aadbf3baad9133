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
    // Bytes straight into the response: a String would be copied once more as UTF-8.
    byte[] bytes;
    String contentType;
    if (form == MediaTypes.Response.YAML) {
      bytes = Codecs.YAML.writeValueAsBytes(body);
      contentType = MediaTypes.YAML;
    } else {
      bytes =
          pretty
              ? (Codecs.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)
              : Codecs.JSON.writeValueAsBytes(body);
      contentType = MediaTypes.JSON;
    }
    response
        .setStatusCode(code)
        .putHeader("Content-Type", contentType)
        .putHeader("Cache-Control", "no-cache, private")
        .end(io.vertx.core.buffer.Buffer.buffer(bytes));
  }

  /** Writes JSON that is already encoded. */
  static void writeJson(RoutingContext ctx, int code, byte[] json) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(code)
        .putHeader("Content-Type", MediaTypes.JSON)
        .putHeader("Cache-Control", "no-cache, private")
        .end(io.vertx.core.buffer.Buffer.buffer(json));
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
