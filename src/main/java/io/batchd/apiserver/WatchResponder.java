package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.registry.ObjectWatcher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Streams watch events to a client, as kube-apiserver does for {@code ?watch=true}: one JSON object
 * per event, {@code {"type":"ADDED","object":{...}}}, either as lines of one chunked HTTP response
 * or, when the client asked to upgrade (fabric8 does), as WebSocket text messages.
 */
final class WatchResponder<T extends HasMetadata> implements ObjectWatcher<T> {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(WatchResponder.class);

  /** Where the encoded events go. */
  interface Sink {
    void send(String event);

    /** Sends an event already encoded as JSON (without a line end). */
    void send(byte[] event);

    void end();

    boolean closed();

    /** Bytes written to the connection and not yet handed to the operating system. */
    long unsent();
  }

  /**
   * How much a watch client may leave unread before its watch is ended (it watches again from the
   * last resourceVersion it read): about as many events as a watcher may fall behind in the cache.
   */
  static final int WRITE_QUEUE_BYTES = 16 * 1024 * 1024;

  static Sink http(HttpServerResponse response) {
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    java.util.concurrent.atomic.AtomicLong unsent = new java.util.concurrent.atomic.AtomicLong();
    // Send the headers now, so clients see the watch established before the first event.
    response.write("");
    return new Sink() {
      @Override
      public void send(String event) {
        response.write(event + "\n");
      }

      @Override
      public void send(byte[] event) {
        io.vertx.core.buffer.Buffer line = io.vertx.core.buffer.Buffer.buffer(event.length + 1);
        line.appendBytes(event).appendByte((byte) '\n');
        int size = line.length();
        unsent.addAndGet(size);
        response.write(line).onComplete(r -> unsent.addAndGet(-size));
      }

      @Override
      public void end() {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      }

      @Override
      public boolean closed() {
        return response.ended() || response.closed();
      }

      @Override
      public long unsent() {
        return unsent.get();
      }
    };
  }

  static Sink webSocket(ServerWebSocket socket) {
    java.util.concurrent.atomic.AtomicLong unsent = new java.util.concurrent.atomic.AtomicLong();
    return new Sink() {
      @Override
      public void send(String event) {
        socket.writeTextMessage(event);
      }

      @Override
      public void send(byte[] event) {
        socket.writeFinalTextFrame(new String(event, java.nio.charset.StandardCharsets.UTF_8));
      }

      @Override
      public void end() {
        if (!socket.isClosed()) {
          socket.close();
        }
      }

      @Override
      public boolean closed() {
        return socket.isClosed();
      }

      @Override
      public long unsent() {
        return unsent.get();
      }
    };
  }

  private final Sink response;
  private final Function<T, Object> render;
  private final boolean json;
  private final String apiVersion;
  private final String kind;

  /**
   * @param json whether the client is sent objects as stored (JSON, no conversion): it then takes
   *     events encoded once for every such watcher, and {@code render} is not used for them
   */
  WatchResponder(
      Sink response, Function<T, Object> render, boolean json, String apiVersion, String kind) {
    this.response = response;
    this.render = render;
    this.json = json;
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  @Override
  public boolean takesJson() {
    return json;
  }

  @Override
  public void onEventJson(byte[] event) {
    if (response.closed()) {
      return;
    }
    if (response.unsent() > WRITE_QUEUE_BYTES) {
      // Too slow a reader: end the watch, as kube-apiserver ends watchers that fall behind.
      log.info("ending a watch whose client left {} bytes unread", response.unsent());
      response.end();
      return;
    }
    try {
      response.send(event);
    } catch (RuntimeException e) {
      // The connection went away under the write: this watch ends, the others go on.
      log.debug("watch write failed; ending the watch", e);
      response.end();
    }
  }

  @Override
  public void onEvent(String type, T object) {
    send(type, render.apply(object));
  }

  @Override
  public void onBookmark(String resourceVersion, boolean initialEventsEnd) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", resourceVersion);
    if (initialEventsEnd) {
      metadata.put("annotations", Map.of("k8s.io/initial-events-end", "true"));
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("kind", kind);
    object.put("apiVersion", apiVersion);
    object.put("metadata", metadata);
    send("BOOKMARK", object);
  }

  @Override
  public void onClosed() {
    end();
  }

  @Override
  public void onError(StatusException error) {
    send("ERROR", error.toStatus());
    end();
  }

  private void send(String type, Object object) {
    if (response.closed()) {
      return;
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", type);
    event.put("object", object);
    response.send(Codecs.JSON.writeValueAsString(event));
  }

  void end() {
    response.end();
  }
}
