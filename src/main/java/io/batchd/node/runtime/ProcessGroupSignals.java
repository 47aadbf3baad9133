package io.batchd.node.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Sends signals to whole process groups.
 *
 * <p>Java can signal a process ({@link ProcessHandle#destroy()}) but not a process group, and
 * {@code kill(-pgid, sig)} needs native code. One long-lived {@code /bin/sh} does it instead: each
 * request is a line its {@code kill} builtin runs. Requests are not answered (nothing here needs
 * the outcome: the container's exit is what tells), so a signal costs a write to a pipe, not a
 * process spawn or a round trip. The shell is restarted if it dies.
 */
final class ProcessGroupSignals implements AutoCloseable {
  private Process shell;
  private OutputStream commands;
  private boolean closed;

  /** Sends {@code signal} to group {@code pgid}. */
  synchronized void signalGroup(long pgid, GroupSignal signal) {
    if (closed) {
      return;
    }
    byte[] command =
        ("kill -s " + signal.name() + " -- -" + pgid + " 2>/dev/null\n")
            .getBytes(StandardCharsets.US_ASCII);
    IOException failure = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        ensureShell();
        commands.write(command);
        commands.flush();
        return;
      } catch (IOException e) {
        failure = e; // the shell died: start another one and try once more
        stopShell();
      }
    }
    throw new IllegalStateException("cannot signal process group " + pgid, failure);
  }

  private void ensureShell() throws IOException {
    if (shell != null && shell.isAlive()) {
      return;
    }
    shell =
        new ProcessBuilder("/bin/sh")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    commands = shell.getOutputStream();
  }

  private void stopShell() {
    if (shell != null) {
      shell.destroyForcibly();
      shell = null;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    stopShell();
  }
}
