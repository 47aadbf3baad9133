package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A list larger than a chunk, streamed to a client that reads it and to one that does not. */
class JsonListWriterTest {
  private static final int ITEMS = 30_000;
  private static final byte[] HEAD =
      "{\"kind\":\"ThingList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"}}"
          .getBytes(StandardCharsets.US_ASCII);

  private Vertx vertx;
  private HttpServer server;
  private final CompletableFuture<RuntimeException> outcome = new CompletableFuture<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    // As in the server, the list is written from a virtual thread that may wait.
                    Thread.ofVirtual()
                        .start(
                            () -> {
                              try {
                                JsonListWriter.write(
                                    request.response(),
                                    HEAD,
                                    ITEMS,
                                    JsonListWriterTest::item,
                                    Duration.ofMillis(300));
                                outcome.complete(null);
                              } catch (RuntimeException e) {
                                outcome.complete(e);
                              }
                            }))
            .listen(0, "127.0.0.1")
            .await();
  }

  @AfterEach
  void stop() {
    server.close().await();
    vertx.close().await();
  }

  /** Item i: an object with its number and about a kilobyte of text. */
  private static void item(int i, OutputStream out) {
    char[] pad = new char[1000];
    Arrays.fill(pad, 'x');
    try {
      out.write(
          ("{\"n\":" + i + ",\"pad\":\"" + new String(pad) + "\"}")
              .getBytes(StandardCharsets.US_ASCII));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aClientThatReadsGetsEveryItemInOneDocument() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.body().length).isGreaterThan(2 * JsonListWriter.CHUNK);
    JsonNode list = JsonMapper.builder().build().readTree(response.body());
    assertThat(list.get("kind").asString()).isEqualTo("ThingList");
    assertThat(list.get("items")).hasSize(ITEMS);
    assertThat(list.get("items").get(ITEMS - 1).get("n").asInt()).isEqualTo(ITEMS - 1);
    assertThat(outcome.get(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aClientThatStopsReadingIsCutOffInsteadOfHoldingTheRequestForever() throws Exception {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.actualPort()));
      socket
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      RuntimeException abandoned = outcome.get(30, TimeUnit.SECONDS);
      assertThat(abandoned)
          .isInstanceOf(JsonListWriter.ListAbandoned.class)
          .hasMessageContaining("read nothing");
      // The connection is gone: reading what was buffered ends, with an end or a reset.
      InputStream in = socket.getInputStream();
      socket.setSoTimeout(200);
      byte[] sink = new byte[64 * 1024];
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                try {
                  while (true) {
                    if (in.read(sink) < 0) {
                      return true;
                    }
                  }
                } catch (java.net.SocketTimeoutException e) {
                  return false;
                } catch (java.net.SocketException e) {
                  return true;
                }
              });
    }
  }
}
