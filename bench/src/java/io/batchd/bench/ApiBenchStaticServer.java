package io.batchd.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline of {@link ApiBench}: the least an HTTP server on this machine can do for the same
 * requests. A Vert.x 5 server on 127.0.0.1 that reads each request's body and answers with a fixed
 * JSON body of the size the query parameter {@code bytes} asks for (the size of batchd's answer to
 * the same request), {@code 201} to a POST and {@code 200} to anything else.
 *
 * <p>A GET with {@code watch=true} instead stays open as a chunked response, as a watch does. Each
 * POST carrying the header {@value #NAME_HEADER} is answered first and then announced to every open
 * watch as one line, {@code {"type":"ADDED","object":{"metadata":{"name":"<name>"},...}}}, padded
 * to the watch's {@code bytes}: the least a server can do to tell a watcher of a create.
 */
final class ApiBenchStaticServer implements AutoCloseable {
  /** The header by which a POST names the object it creates, for the watch event. */
  static final String NAME_HEADER = "X-Bench-Name";

  private final Vertx vertx;
  private final HttpServer server;
  private final Map<Integer, Buffer> bodies = new ConcurrentHashMap<>();
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

  private record Watch(HttpServerResponse response, int bytes) {}

  private ApiBenchStaticServer() {
    vertx = Vertx.vertx();
    try {
      server =
          vertx
              .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
              .requestHandler(this::handle)
              .listen()
              .await();
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  static ApiBenchStaticServer start() {
    return new ApiBenchStaticServer();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    int bytes;
    try {
      bytes = Integer.parseInt(request.getParam("bytes", "0"));
    } catch (NumberFormatException e) {
      request.response().setStatusCode(400).end("bad bytes parameter");
      return;
    }
    if (request.method() == HttpMethod.GET && "true".equals(request.getParam("watch"))) {
      watch(request.response(), bytes);
      return;
    }
    String name = request.getHeader(NAME_HEADER);
    boolean post = request.method() == HttpMethod.POST;
    request
        .body()
        .onSuccess(
            ignored -> {
              request
                  .response()
                  .setStatusCode(post ? 201 : 200)
                  .putHeader("Content-Type", "application/json")
                  .end(bodies.computeIfAbsent(bytes, ApiBenchStaticServer::body));
              if (post && name != null) {
                for (Watch watch : watches) {
                  watch.response().write(event(name, watch.bytes()));
                }
              }
            });
  }

  private void watch(HttpServerResponse response, int bytes) {
    Watch watch = new Watch(response, bytes);
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    response.closeHandler(v -> watches.remove(watch));
    watches.add(watch);
    // Send the headers now, as batchd does, so the client sees the watch established.
    response.write("");
  }

  /** A JSON object of exactly {@code bytes} bytes (at least its fixed part). */
  private static Buffer body(int bytes) {
    String head = "{\"kind\":\"Static\",\"pad\":\"";
    String tail = "\"}";
    int pad = Math.max(0, bytes - head.length() - tail.length());
    return Buffer.buffer(head + "x".repeat(pad) + tail);
  }

  /** One watch event line naming {@code name}, padded to {@code bytes} with its newline. */
  private static Buffer event(String name, int bytes) {
    String head =
        "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"" + name + "\"},\"pad\":\"";
    String tail = "\"}}\n";
    int pad = Math.max(0, bytes - head.length() - tail.length());
    return Buffer.buffer((head + "x".repeat(pad) + tail).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    for (Watch watch : watches) {
      watch.response().end();
    }
    server.close().await();
    vertx.close().await();
  }
}
