package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.codec.Codecs;
import io.batchd.testing.InProcessServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Beyond the in-flight limits requests get 429 at once; watches and /version do not count. */
class InflightLimitIT {
  @TempDir Path dir;
  private InProcessServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private void start(int reads, int writes) {
    server =
        new InProcessServer(
            dir, ServingOptions.plain("127.0.0.1", 0).withInflightLimits(reads, writes));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void requestsBeyondTheLimitGet429WithRetryAfter() throws Exception {
    start(0, 0);

    HttpResponse<String> read = send("GET", "/api/v1/namespaces");
    HttpResponse<String> write = send("DELETE", "/api/v1/namespaces/default");

    for (HttpResponse<String> r : List.of(read, write)) {
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).contains("1");
      JsonNode status = Codecs.JSON.readTree(r.body());
      assertThat(status.path("reason").asString()).isEqualTo("TooManyRequests");
      assertThat(status.at("/details/retryAfterSeconds").asInt()).isEqualTo(1);
    }
    assertThat(send("GET", "/version").statusCode()).isEqualTo(200);
    assertThat(server.registries().namespaces().find(null, "default")).isPresent();
  }

  @Test
  void watchesDoNotCountAgainstTheLimitAndFinishedRequestsFreeTheirSlot() throws Exception {
    start(1, 1);
    CompletableFuture<HttpResponse<InputStream>> watch =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces?watch=true"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(watch.get().statusCode()).isEqualTo(200);

    for (int i = 0; i < 5; i++) {
      assertThat(send("GET", "/api/v1/namespaces").statusCode()).isEqualTo(200);
    }
    watch.get().body().close();
  }
}
