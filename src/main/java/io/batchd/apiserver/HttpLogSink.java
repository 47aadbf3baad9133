package io.batchd.apiserver;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A log streamed as a chunked {@code text/plain} response. The status line goes out with the first
 * bytes, so a source may still refuse the request with a Status until then. A slow client makes
 * {@link #write} wait until the response's write queue drains; a client that goes away ends the
 * wait and interrupts the streaming thread.
 */
final class HttpLogSink implements PodLogSource.LogSink {
  private final HttpServerResponse response;
  private final Thread streamer;
  private final Object drained = new Object();
  private volatile boolean closed;
  private boolean started;

  HttpLogSink(HttpServerResponse response) {
    this.response = response;
    this.streamer = Thread.currentThread();
    response.closeHandler(
        v -> {
          closed = true;
          synchronized (drained) {
            drained.notifyAll();
          }
          streamer.interrupt();
        });
    response.drainHandler(
        v -> {
          synchronized (drained) {
            drained.notifyAll();
          }
        });
  }

  @Override
  public boolean write(byte[] bytes) throws InterruptedException {
    if (closed()) {
      return false;
    }
    start();
    response.write(Buffer.buffer(bytes));
    synchronized (drained) {
      // The drain handler may run between the check and the wait: a bounded wait re-checks.
      while (response.writeQueueFull() && !closed()) {
        drained.wait(1000);
      }
    }
    return !closed();
  }

  @Override
  public boolean closed() {
    return closed || response.closed();
  }

  /** Whether anything has been sent yet. */
  boolean started() {
    return started;
  }

  /** Ends the response, sending the (empty) log now if nothing was written. */
  void end() {
    if (closed()) {
      return;
    }
    start();
    response.end();
  }

  private void start() {
    if (!started) {
      started = true;
      response
          .setStatusCode(200)
          .setChunked(true)
          .putHeader("Content-Type", "text/plain")
          .putHeader("Cache-Control", "no-cache, private");
    }
  }
}
