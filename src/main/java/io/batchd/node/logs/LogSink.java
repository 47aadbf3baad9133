package io.batchd.node.logs;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a log reader sends the bytes it serves. {@link #write} blocks until the sink has taken the
 * bytes (or copied them), which is the backpressure: a slow client slows the reader, never fills
 * memory. Readers run on virtual threads, so blocking is cheap.
 */
@FunctionalInterface
public interface LogSink {
  /** Takes all remaining bytes of {@code bytes}; the buffer may be reused once this returns. */
  void write(ByteBuffer bytes) throws IOException;
}
