package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.registry.JsonList;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a {@code <Kind>List} whose items are already JSON ({@link JsonList}): the envelope is
 * encoded, the items are copied from the stored bytes. A list that fits in {@link #CHUNK} bytes is
 * sent in one piece with its length; a larger one is streamed in chunks of that size, each written
 * before the next is made, so that a list of 100,000 objects never sits whole in memory.
 */
final class JsonListWriter {
  static final int CHUNK = 1 << 20;

  /** How long one chunk may wait for the client to read before the request is abandoned. */
  static final Duration WRITE_TIMEOUT = Duration.ofMinutes(1);

  private JsonListWriter() {}

  static void write(HttpServerResponse response, String kind, String apiVersion, JsonList list) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", list.resourceVersion());
    if (list.continueToken() != null) {
      metadata.put("continue", list.continueToken());
    }
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("kind", kind);
    envelope.put("apiVersion", apiVersion);
    envelope.put("metadata", metadata);
    write(
        response,
        Codecs.JSON.writeValueAsBytes(envelope),
        list.size(),
        list::writeItem,
        WRITE_TIMEOUT);
  }

  /** Writes one item of a list as JSON. */
  interface Items {
    void write(int index, OutputStream out);
  }

  /**
   * Writes the envelope {@code head} (a JSON object) with {@code size} items added as its {@code
   * items}; a chunk the client has not read after {@code timeout} resets the connection and throws
   * {@link ListAbandoned}.
   */
  static void write(
      HttpServerResponse response, byte[] head, int size, Items items, Duration timeout) {
    ChunkedOut out = new ChunkedOut(response, timeout);
    // The envelope without its closing brace, then the items.
    out.write(head, 0, head.length - 1);
    out.write(",\"items\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        out.write(',');
      }
      items.write(i, out);
    }
    out.write("]}".getBytes(StandardCharsets.US_ASCII));
    out.finish();
  }

  /** Collects bytes into a buffer and sends it whenever it is full. */
  private static final class ChunkedOut extends OutputStream {
    private final HttpServerResponse response;
    private final Duration timeout;
    private Buffer buffer = Buffer.buffer(64 * 1024);
    private boolean streaming;

    ChunkedOut(HttpServerResponse response, Duration timeout) {
      this.response = response;
      this.timeout = timeout;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      buffer.appendBytes(b, off, len);
      if (buffer.length() >= CHUNK) {
        flushChunk();
      }
    }

    private void flushChunk() {
      if (!streaming) {
        streaming = true;
        start(response).setChunked(true);
      }
      Buffer full = buffer;
      buffer = Buffer.buffer(CHUNK + 64 * 1024);
      // Waiting for each chunk to be written keeps at most two in memory. A client that stops
      // reading without closing its connection would hold this request (and a chunk) forever:
      // as kube-apiserver's request timeout, a minute without progress ends it.
      try {
        response.write(full).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        response.reset();
        throw new ListAbandoned(
            "the client read nothing of the list for " + timeout.toMillis() + " ms");
      } catch (RuntimeException e) {
        if (response.closed()) {
          throw new ListAbandoned("the client closed its connection during the list");
        }
        throw e;
      }
    }

    void finish() {
      if (!streaming) {
        start(response).end(buffer);
      } else {
        response.end(buffer);
      }
    }
  }

  private static HttpServerResponse start(HttpServerResponse response) {
    return response
        .setStatusCode(200)
        .putHeader("Content-Type", MediaTypes.JSON)
        .putHeader("Cache-Control", "no-cache, private");
  }

  /** The list could not be sent: its connection was reset, and nothing more can be answered. */
  static final class ListAbandoned extends RuntimeException {
    ListAbandoned(String message) {
      super(message);
    }
  }
}
