package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.registry.JsonList;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@code <Kind>List} whose items are already JSON ({@link JsonList}): the envelope is
 * encoded, the items are copied from the stored bytes. A list that fits in {@link #CHUNK} bytes is
 * sent in one piece with its length; a larger one is streamed in chunks of that size, each written
 * before the next is made, so that a list of 100,000 objects never sits whole in memory.
 */
final class JsonListWriter {
  static final int CHUNK = 1 << 20;

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
    byte[] head = Codecs.JSON.writeValueAsBytes(envelope);
    ChunkedOut out = new ChunkedOut(response);
    // The envelope without its closing brace, then the items.
    out.write(head, 0, head.length - 1);
    out.write(",\"items\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      list.writeItem(i, out);
    }
    out.write("]}".getBytes(StandardCharsets.US_ASCII));
    out.finish();
  }

  /** Collects bytes into a buffer and sends it whenever it is full. */
  private static final class ChunkedOut extends OutputStream {
    private final HttpServerResponse response;
    private Buffer buffer = Buffer.buffer(64 * 1024);
    private boolean streaming;

    ChunkedOut(HttpServerResponse response) {
      this.response = response;
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
      // Waiting for each chunk to be written keeps at most two in memory.
      response.write(full).await();
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
}
