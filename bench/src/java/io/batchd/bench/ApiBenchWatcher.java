package io.batchd.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One watch ({@code GET ...?watch=true}), read line by line on a virtual thread of its own, or as a
 * WebSocket's messages ({@link #openWebSocket}). A create announces its name with {@link #expect}
 * before it is sent; the watcher notes the {@link System#nanoTime()} at which the line carrying
 * that name's ADDED event was read, before decoding it, and completes the expectation with it.
 *
 * <p>Any event other than the ADDED of an expected name (an ERROR, a MODIFIED, an object nobody
 * created) and the watch ending while it is still needed are failures: they fail every waiting
 * expectation, and every later one.
 */
final class ApiBenchWatcher implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client;
  private final String url;
  private final Map<String, CompletableFuture<Long>> expected = new ConcurrentHashMap<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong events = new AtomicLong();
  private volatile InputStream body;
  private volatile WebSocket webSocket;
  private volatile Thread reader;
  private volatile int lastLineBytes;
  private volatile boolean closing;

  private ApiBenchWatcher(HttpClient client, String url) {
    this.client = client;
    this.url = url;
  }

  /**
   * Opens the watch as a chunked HTTP response read line by line, and waits for its response
   * headers (not for any event).
   */
  static ApiBenchWatcher open(String url, Duration timeout) throws Exception {
    HttpClient client = HttpCalls.http11(timeout);
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
        throw new HttpCalls.HttpFailure("GET", url, response.statusCode(), text);
      }
      ApiBenchWatcher watcher = new ApiBenchWatcher(client, url);
      watcher.body = response.body();
      watcher.reader = Thread.ofVirtual().name("bench-watch").start(watcher::readLines);
      return watcher;
    } catch (TimeoutException e) {
      client.shutdownNow();
      throw new TimeoutException(
          "watch GET " + url + " sent no response headers within " + timeout.toSeconds() + " s");
    } catch (Exception e) {
      client.shutdownNow();
      throw e;
    }
  }

  /**
   * Opens the watch as a WebSocket ({@code ws://...?watch=true}), one event per text message, as
   * fabric8's client watches; fabric8's mock server serves watches only this way.
   */
  static ApiBenchWatcher openWebSocket(String url, Duration timeout) throws Exception {
    HttpClient client = HttpCalls.http11(timeout);
    ApiBenchWatcher watcher = new ApiBenchWatcher(client, url);
    try {
      watcher.webSocket =
          client
              .newWebSocketBuilder()
              .connectTimeout(timeout)
              .buildAsync(URI.create(url), watcher.new Messages())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return watcher;
    } catch (TimeoutException e) {
      client.shutdownNow();
      throw new TimeoutException(
          "watch WebSocket " + url + " was not opened within " + timeout.toSeconds() + " s");
    } catch (Exception e) {
      client.shutdownNow();
      throw e;
    }
  }

  private void readLines() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        long arrived = System.nanoTime();
        if (!line.isEmpty() && !onEvent(line, arrived)) {
          return;
        }
      }
      ended();
    } catch (IOException | RuntimeException e) {
      broken(e);
    }
  }

  /** The WebSocket's messages, each one event, possibly in several parts. */
  private final class Messages implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        long arrived = System.nanoTime();
        String text = message.toString();
        message.setLength(0);
        try {
          if (!onEvent(text, arrived)) {
            return null;
          }
        } catch (RuntimeException e) {
          broken(e);
          return null;
        }
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
      ended();
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      broken(error);
    }
  }

  /** Handles one event read at {@code arrived}; false if it was a failure (reading stops). */
  private boolean onEvent(String line, long arrived) {
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
      return false;
    }
    waiting.complete(arrived);
    return true;
  }

  private void ended() {
    if (!closing) {
      fail(new IllegalStateException("watch " + url + " ended while events were awaited"));
    }
  }

  private void broken(Throwable e) {
    if (!closing) {
      fail(new IllegalStateException("watch " + url + " failed: " + e, e));
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
    if (webSocket != null) {
      webSocket.abort();
    }
    if (body != null) {
      try {
        body.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    client.shutdownNow();
    if (reader != null) {
      try {
        reader.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
