package io.batchd.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many watches of one collection held open at once by Vert.x clients (a few event loops for all of
 * them, so a thousand connections cost a thousand sockets and no threads), each noting the {@link
 * System#nanoTime()} at which it read each update's event.
 *
 * <p>Updates are numbered: update {@code k} sets the label {@value #SEQ_LABEL} to {@code k}. A
 * watcher finds that label in each MODIFIED event (a byte search near the event's start, no JSON
 * decoding, so that a million events cost the client little) and records the arrival at index
 * {@code k}. ADDED events are the initial state a server replays (fabric8's mock server replays the
 * collection whatever resourceVersion is asked for) and are counted apart. Any other event, an
 * update seen out of order or twice, and a watch that ends while events are awaited are failures.
 */
final class FanOutWatchers implements AutoCloseable {
  static final String SEQ_LABEL = "p4-seq";
  private static final byte[] SEQ_KEY =
      ("\"" + SEQ_LABEL + "\":\"").getBytes(StandardCharsets.US_ASCII);

  /** How the watches are made. */
  enum Transport {
    /** {@code GET ...?watch=true}, one chunked response, one event per line: client-go's way. */
    HTTP,
    /** The same GET upgraded to a WebSocket, one event per text message: fabric8's way. */
    WEBSOCKET
  }

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final WebSocketClient webSockets;
  private final List<Watcher> watchers = new ArrayList<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean closing;

  /**
   * Opens {@code count} watches of {@code path} (with its query) on 127.0.0.1:{@code port}, at most
   * 64 handshakes at a time, and waits until all are established.
   *
   * @param updates the number of numbered updates to record
   */
  FanOutWatchers(
      int port, String path, Transport transport, int count, int updates, Duration timeout)
      throws Exception {
    vertx = Vertx.vertx();
    http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(false).setIdleTimeout(0),
            new PoolOptions().setHttp1MaxSize(count + 1).setMaxWaitQueueSize(-1));
    webSockets =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(count + 1)
                .setIdleTimeout(0)
                .setMaxMessageSize(16 * 1024 * 1024));
    for (int i = 0; i < count; i++) {
      watchers.add(new Watcher(updates));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    int batch = 64;
    for (int from = 0; from < count; from += batch) {
      List<Future<?>> opening = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + batch); i++) {
        Watcher w = watchers.get(i);
        opening.add(
            transport == Transport.HTTP ? w.openHttp(port, path) : w.openWebSocket(port, path));
      }
      for (Future<?> f : opening) {
        long left = deadline - System.nanoTime();
        f.await(Math.max(1, left), TimeUnit.NANOSECONDS);
      }
    }
    check();
  }

  /** Waits until every watcher has read {@code initial} ADDED events (a replayed state). */
  void awaitInitial(int initial, Duration timeout) throws Exception {
    awaitAll(w -> w.added >= initial, "the initial " + initial + " ADDED events", timeout);
  }

  /** Waits until every watcher has read update {@code seq} and all before it. */
  void awaitUpdate(int seq, Duration timeout) throws Exception {
    awaitAll(w -> w.next > seq, "update " + seq, timeout);
  }

  private void awaitAll(java.util.function.Predicate<Watcher> done, String what, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Watcher w : watchers) {
      while (!done.test(w)) {
        check();
        if (System.nanoTime() > deadline) {
          long behind = watchers.stream().filter(x -> !done.test(x)).count();
          throw new java.util.concurrent.TimeoutException(
              behind
                  + " of "
                  + watchers.size()
                  + " watchers had not read "
                  + what
                  + " within "
                  + timeout.toSeconds()
                  + " s");
        }
        Thread.sleep(1);
      }
    }
    check();
  }

  /** Arrival times (nanoTime) of update {@code seq} at every watcher. */
  void arrivals(int seq, long[] into, int offset) {
    for (int i = 0; i < watchers.size(); i++) {
      into[offset + i] = watchers.get(i).arrivals[seq];
    }
  }

  int size() {
    return watchers.size();
  }

  void check() throws Exception {
    Exception e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  private void fail(Exception e) {
    if (!closing) {
      failure.compareAndSet(null, e);
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the watchers' Vert.x did not close within 30 s", e);
    }
  }

  /** One watch: its arrivals, and the next update it expects. */
  private final class Watcher {
    private final long[] arrivals;
    private volatile int next;
    private volatile int added;

    Watcher(int updates) {
      arrivals = new long[updates];
    }

    Future<HttpClientResponse> openHttp(int port, String path) {
      return http.request(
              new RequestOptions()
                  .setMethod(HttpMethod.GET)
                  .setHost("127.0.0.1")
                  .setPort(port)
                  .setURI(path)
                  .putHeader("Accept", "application/json"))
          .compose(request -> request.send())
          .compose(
              response -> {
                if (response.statusCode() != 200) {
                  return Future.failedFuture(
                      new IllegalStateException(
                          "watch GET " + path + " answered " + response.statusCode()));
                }
                RecordParser lines = RecordParser.newDelimited("\n", this::event);
                response.handler(lines);
                response.exceptionHandler(e -> fail(new IllegalStateException("watch failed", e)));
                response.endHandler(v -> ended());
                return Future.succeededFuture(response);
              });
    }

    Future<WebSocket> openWebSocket(int port, String path) {
      return webSockets
          .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path))
          .onSuccess(
              ws -> {
                ws.textMessageHandler(text -> event(Buffer.buffer(text)));
                ws.exceptionHandler(e -> fail(new IllegalStateException("watch failed", e)));
                ws.closeHandler(v -> ended());
              });
    }

    private void ended() {
      fail(new IllegalStateException("a watch ended while events were awaited"));
    }

    private void event(Buffer line) {
      long arrived = System.nanoTime();
      int length = line.length();
      if (length == 0) {
        return;
      }
      int seq = seqOf(line);
      if (seq < 0) {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.contains("\"ADDED\"")) {
          added++;
          return;
        }
        fail(
            new IllegalStateException(
                "unexpected watch event: "
                    + (text.length() > 500 ? text.substring(0, 500) + "..." : text)));
        return;
      }
      if (!isModified(line)) {
        fail(
            new IllegalStateException(
                "update " + seq + " arrived as another event than MODIFIED: " + line));
        return;
      }
      if (seq != next) {
        fail(new IllegalStateException("update " + seq + " read where " + next + " was next"));
        return;
      }
      arrivals[seq] = arrived;
      next = seq + 1;
    }
  }

  private static final byte[] MODIFIED = "\"MODIFIED\"".getBytes(StandardCharsets.US_ASCII);

  /**
   * Whether the event's type is MODIFIED: {@code "type"} comes first in batchd's events and last in
   * the mock's, so the type is looked for in the first and the last 40 bytes.
   */
  static boolean isModified(Buffer line) {
    int length = line.length();
    return indexOf(line, MODIFIED, 0, Math.min(length, 40)) >= 0
        || indexOf(line, MODIFIED, Math.max(0, length - 40), length) >= 0;
  }

  private static int indexOf(Buffer line, byte[] what, int from, int to) {
    outer:
    for (int i = from; i + what.length <= to; i++) {
      for (int j = 0; j < what.length; j++) {
        if (line.getByte(i + j) != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The value of the {@value #SEQ_LABEL} label in an event's bytes, or -1 without one. */
  static int seqOf(Buffer line) {
    int length = line.length();
    int i = indexOf(line, SEQ_KEY, 0, length);
    if (i >= 0) {
      int value = 0;
      int digits = 0;
      for (int k = i + SEQ_KEY.length; k < length; k++) {
        byte b = line.getByte(k);
        if (b < '0' || b > '9') {
          break;
        }
        value = value * 10 + (b - '0');
        digits++;
      }
      return digits == 0 ? -1 : value;
    }
    return -1;
  }
}
