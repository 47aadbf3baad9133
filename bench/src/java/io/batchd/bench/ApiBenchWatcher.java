package io.batchd.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One watch ({@code GET ...?watch=true}) read line by line on a virtual thread of its own. A create
 * announces its name with {@link #expect} before it is sent; the watcher notes the {@link
 * System#nanoTime()} at which the line carrying that name's ADDED event was read, before decoding
 * it, and completes the expectation with it.
 *
 * <p>Any event other than the ADDED of an expected name (an ERROR, a MODIFIED, an object nobody
 * created) and the watch ending while it is still needed are failures: they fail every waiting
 * expectation, and every later one.
 */
final class ApiBenchWatcher implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client;
  private final InputStream body;
  private final Thread reader;
  private final Map<String, CompletableFuture<Long>> expected = new ConcurrentHashMap<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong events = new AtomicLong();
  private volatile int lastLineBytes;
  private volatile boolean closing;

  private ApiBenchWatcher(HttpClient client, InputStream body, String url) {
    this.client = client;
    this.body = body;
    this.reader = Thread.ofVirtual().name("bench-watch").start(() -> read(url));
  }

  /** Opens the watch and waits for its response headers (not for any event). */
  static ApiBenchWatcher open(String url, Duration timeout) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .header("Accept", "application/json")
              .GET()
              .build();
      HttpResponse<InputStream> response =
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (response.statusCode() / 100 != 2) {
        String text;
        try (InputStream in = response.body()) {
          text = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
        }
        throw new ApiBench.HttpFailure("GET", url, response.statusCode(), text);
      }
      return new ApiBenchWatcher(client, response.body(), url);
    } catch (TimeoutException e) {
      client.shutdownNow();
      throw new TimeoutException(
          "watch GET " + url + " sent no response headers within " + timeout.toSeconds() + " s");
    } catch (Exception e) {
      client.shutdownNow();
      throw e;
    }
  }

  private void read(String url) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        long arrived = System.nanoTime();
        if (line.isEmpty()) {
          continue;
        }
        lastLineBytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
        events.incrementAndGet();
        JsonNode event = JSON.readTree(line);
        String type = event.path("type").asString();
        String name = event.path("object").path("metadata").path("name").asString();
        CompletableFuture<Long> waiting = expected.remove(name);
        if (!"ADDED".equals(type) || waiting == null) {
          fail(
              new IllegalStateException(
                  "watch "
                      + url
                      + " delivered an event nobody expected: "
                      + (line.length() > 1000 ? line.substring(0, 1000) + "..." : line)));
          return;
        }
        waiting.complete(arrived);
      }
      if (!closing) {
        fail(new IllegalStateException("watch " + url + " ended while events were awaited"));
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        fail(new IllegalStateException("watch " + url + " failed: " + e, e));
      }
    }
  }

  private void fail(Exception e) {
    failure.compareAndSet(null, e);
    expected.values().forEach(f -> f.completeExceptionally(e));
  }

  /** Registers a name whose ADDED event is to come; call it before sending the create. */
  CompletableFuture<Long> expect(String name) {
    CompletableFuture<Long> arrival = new CompletableFuture<>();
    expected.put(name, arrival);
    Exception failed = failure.get();
    if (failed != null) {
      arrival.completeExceptionally(failed);
    }
    return arrival;
  }

  /** Waits for an expected event; returns the nanoTime at which its line was read. */
  static long await(String name, CompletableFuture<Long> arrival, Duration timeout)
      throws Exception {
    try {
      return arrival.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "the ADDED event of " + name + " did not arrive within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Throws what went wrong with the watch so far, if anything did. */
  void check() throws Exception {
    Exception failed = failure.get();
    if (failed != null) {
      throw failed;
    }
  }

  /** Events read so far. */
  long events() {
    return events.get();
  }

  /** The size of the last event read, with its newline: what the baseline's events should be. */
  int lastEventBytes() {
    return lastLineBytes;
  }

  @Override
  public void close() {
    closing = true;
    try {
      body.close();
    } catch (IOException e) {
      // closing anyway
    }
    client.shutdownNow();
    try {
      reader.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
