package io.batchd.node.runtime;

import java.io.IOException;

/**
 * Takes one stream of a process's output as the launcher reads it: from one thread at a time, in
 * order, then {@link #finish()} once when the stream has ended.
 */
interface ProcessOutput {
  void write(byte[] bytes, int offset, int length) throws IOException;

  /** The stream has ended (every writer of the pipe has exited or closed it). */
  void finish() throws IOException;
}
