package io.batchd.cli;

import io.batchd.api.PodLogOptions;
import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.client.ResourceClient;
import io.batchd.node.NodeAgent;
import io.batchd.node.logs.LogOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.KeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote agent's log endpoint, the kubelet's {@code /containerLogs/{namespace}/{pod}/{container}}
 * over HTTPS: the API server proxies {@code kubectl logs} of the agent's pods here. Every request
 * must carry the bearer token the agent was given (the one of its kubeconfig, which the server
 * sends); only pods bound to this agent's node are served.
 */
final class KubeletLogServer implements AutoCloseable {
  private static final Pattern PATH = Pattern.compile("^/containerLogs/([^/]+)/([^/]+)/([^/]+)$");

  private final Vertx vertx;
  private final HttpServer server;

  private KubeletLogServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /**
   * @param token the bearer token requests must carry
   * @param agent the agent whose pods' logs are served (set before the first request arrives)
   */
  static KubeletLogServer start(
      String host,
      int port,
      KeyCertOptions tls,
      String token,
      ResourceClient<Pod> pods,
      java.util.function.Supplier<NodeAgent> agent,
      Clock clock) {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server =
          vertx
              .createHttpServer(
                  new HttpServerOptions()
                      .setHost(host)
                      .setPort(port)
                      .setSsl(true)
                      .setKeyCertOptions(tls))
              .requestHandler(
                  request -> {
                    Thread.ofVirtual()
                        .name("container-logs")
                        .start(() -> serve(request, token, pods, agent.get(), clock));
                  })
              .listen()
              .await();
      return new KubeletLogServer(vertx, server);
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  int port() {
    return server.actualPort();
  }

  private static void serve(
      HttpServerRequest request,
      String token,
      ResourceClient<Pod> pods,
      NodeAgent agent,
      Clock clock) {
    HttpServerResponse response = request.response();
    ResponseLogSink sink = new ResponseLogSink(response);
    try {
      if (!authorized(request.getHeader("Authorization"), token)) {
        throw StatusException.unauthorized();
      }
      Matcher path = PATH.matcher(request.path());
      if (!path.matches() || agent == null) {
        throw new StatusException(404, "NotFound", "404 page not found", null);
      }
      String namespace = path.group(1);
      String name = path.group(2);
      String container = path.group(3);
      PodLogOptions options = KubeletLogQuery.parse(container, request::getParam);
      Pod pod =
          pods.get(namespace, name)
              .filter(p -> agent.nodeName().equals(p.getSpec().getNodeName()))
              .orElseThrow(
                  () ->
                      new StatusException(
                          404,
                          "NotFound",
                          "pod \"" + name + "\" not found on node \"" + agent.nodeName() + "\"",
                          null));
      agent.streamLog(
          pod,
          container,
          options.previous(),
          LogOptions.of(
              options.follow(),
              options.tailLines(),
              options.sinceSeconds(),
              options.sinceTime(),
              options.timestamps(),
              options.limitBytes(),
              clock.instant()),
          sink);
      sink.end();
    } catch (StatusException e) {
      if (!sink.started()) {
        byte[] body = Codecs.JSON.writeValueAsBytes(e.toStatus());
        response
            .setStatusCode(e.code())
            .putHeader("Content-Type", "application/json")
            .end(Buffer.buffer(body));
      } else {
        response.reset();
      }
    } catch (InterruptedException e) {
      response.reset(); // the caller went away
    } catch (RuntimeException e) {
      if (!sink.started()) {
        response.setStatusCode(500).end(String.valueOf(e.getMessage()));
      } else {
        response.reset();
      }
    }
  }

  private static boolean authorized(String header, String token) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(
        header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
