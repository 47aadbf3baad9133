package io.batchd.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** The HTTP requests the API benchmarks send, and how they read the answers. */
final class HttpCalls {
  private HttpCalls() {}

  /** A client speaking HTTP/1.1, so one connection per client per server. */
  static HttpClient http11(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
  }

  /** Sends a request, reads the whole answer, and fails unless it is 2xx. */
  static byte[] send(HttpClient client, HttpRequest request) throws Exception {
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new TimeoutException(
          request.method()
              + " "
              + request.uri()
              + " got no answer within "
              + request.timeout().map(Duration::toSeconds).orElse(0L)
              + " s");
    }
    if (response.statusCode() / 100 != 2) {
      String body = new String(response.body(), StandardCharsets.UTF_8);
      throw new HttpFailure(
          request.method(), request.uri().toString(), response.statusCode(), body);
    }
    return response.body();
  }

  /** Sends a request and returns how long its answer took to arrive in full, in nanoseconds. */
  static long timed(HttpClient client, HttpRequest request) throws Exception {
    long start = System.nanoTime();
    send(client, request);
    return System.nanoTime() - start;
  }

  static HttpRequest get(String url, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  /** A POST of a JSON body; {@code name} also goes in {@link ApiBenchStaticServer#NAME_HEADER}. */
  static HttpRequest post(String url, String name, String json, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .header(ApiBenchStaticServer.NAME_HEADER, name)
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /** A JSON merge patch ({@code application/merge-patch+json}). */
  static HttpRequest mergePatch(String url, String json, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /** A small valid Job named {@code name}: one container {@code c}, image busybox, {@code true}. */
  static String jobJson(String name) {
    return "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
        + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"command\":[\"true\"]}]}}}}";
  }

  /** A Namespace named {@code name}. */
  static String namespaceJson(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
        + name
        + "\"}}";
  }

  /** An answer that is not 2xx. */
  static final class HttpFailure extends Exception {
    private static final long serialVersionUID = 1L;

    HttpFailure(String method, String url, int status, String body) {
      super(
          method
              + " "
              + url
              + " answered "
              + status
              + ": "
              + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body));
    }
  }
}
