package io.batchd.node.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Where the last n lines of a file begin, found by reading it backwards (the kubelet's tail). */
final class TailStart {
  private static final int BLOCK = 8 * 1024;

  private TailStart() {}

  /** The offset of the first of the last {@code lines} lines of the first {@code size} bytes. */
  static long of(FileChannel file, long size, long lines) throws IOException {
    if (lines <= 0) {
      return size;
    }
    ByteBuffer block = ByteBuffer.allocate(BLOCK);
    long end = size;
    long found = 0;
    while (end > 0) {
      long start = Math.max(0, end - BLOCK);
      block.clear().limit((int) (end - start));
      while (block.hasRemaining()) {
        if (file.read(block, start + block.position()) < 0) {
          break;
        }
      }
      for (int i = (int) (end - start) - 1; i >= 0; i--) {
        if (block.get(i) != '\n') {
          continue;
        }
        long at = start + i;
        if (at == size - 1) {
          continue; // the end of the last line, not the start of one
        }
        if (++found == lines) {
          return at + 1;
        }
      }
      end = start;
    }
    return 0;
  }
}
