package io.batchd.cli;

import io.batchd.node.logs.LogSink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A container log written into a chunked {@code text/plain} response by a blocking reader: a slow
 * caller makes the reader wait until the response's queue drains; a caller that goes away makes the
 * next write fail, which ends the reader.
 */
final class ResponseLogSink implements LogSink {
  private final HttpServerResponse response;
  private final Object drained = new Object();
  private volatile boolean closed;
  private boolean started;

  ResponseLogSink(HttpServerResponse response) {
    this.response = response;
    response.closeHandler(v -> wake(true));
    response.drainHandler(v -> wake(false));
  }

  private void wake(boolean close) {
    synchronized (drained) {
      if (close) {
        closed = true;
      }
      drained.notifyAll();
    }
  }

  @Override
  public void write(ByteBuffer bytes) throws IOException {
    if (closed) {
      throw new IOException("the caller went away");
    }
    start();
    byte[] chunk = new byte[bytes.remaining()];
    bytes.get(chunk);
    response.write(Buffer.buffer(chunk));
    synchronized (drained) {
      while (response.writeQueueFull() && !closed) {
        try {
          drained.wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    }
    if (closed) {
      throw new IOException("the caller went away");
    }
  }

  boolean started() {
    return started;
  }

  void end() {
    if (closed) {
      return;
    }
    start();
    response.end();
  }

  private void start() {
    if (!started) {
      started = true;
      response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/plain");
    }
  }
}
