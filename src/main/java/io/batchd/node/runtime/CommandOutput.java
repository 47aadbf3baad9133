package io.batchd.node.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Collects the output of a short command and ends it at its timeout, with its process group. */
final class CommandOutput {
  /** The kubelet keeps at most 10 KiB of an exec probe's output. */
  static final int MAX_OUTPUT = 10 * 1024;

  private CommandOutput() {}

  static ExecResult await(Process process, Duration timeout, ProcessGroupSignals signals)
      throws InterruptedException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader =
        Thread.ofVirtual().name("exec-output-" + process.pid()).start(() -> read(process, output));
    boolean ended;
    try {
      ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      signals.signalGroup(process.pid(), "KILL");
      throw e;
    }
    // The command's children die with it, as they would when an exec session ends.
    signals.signalGroup(process.pid(), "KILL");
    if (!ended) {
      process.waitFor();
    }
    reader.join(Duration.ofSeconds(2));
    String text;
    synchronized (output) {
      text = output.toString(StandardCharsets.UTF_8);
    }
    return new ExecResult(ended ? process.exitValue() : -1, text, !ended);
  }

  private static void read(Process process, ByteArrayOutputStream output) {
    byte[] buffer = new byte[4096];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (output) {
          int room = MAX_OUTPUT - output.size();
          if (room > 0) {
            output.write(buffer, 0, Math.min(room, n));
          }
        }
      }
    } catch (IOException e) {
      // The process is gone; what was read is the output.
    }
  }
}
