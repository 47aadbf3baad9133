package io.batchd.node.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Sends signals to whole process groups.
 *
 * <p>Java can signal a process ({@link ProcessHandle#destroy()}) but not a process group, and
 * {@code kill(-pgid, sig)} needs native code. One long-lived {@code /bin/sh} does it instead: each
 * request is a line run by the shell's {@code kill} builtin, answered with its status. That costs a
 * pipe round trip, not a process spawn per signal. The shell is restarted if it dies.
 */
final class ProcessGroupSignals implements AutoCloseable {
  private Process shell;
  private OutputStream commands;
  private BufferedReader answers;
  private boolean closed;

  /**
   * Sends {@code signal} (a name such as {@code TERM} or {@code KILL}) to every process of group
   * {@code pgid}; false if the group has no process left (or cannot be signalled).
   */
  synchronized boolean signalGroup(long pgid, String signal) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    String command = "kill -s " + signal + " -- -" + pgid + " 2>/dev/null; echo $?\n";
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        ensureShell();
        commands.write(command.getBytes(StandardCharsets.US_ASCII));
        commands.flush();
        String answer = answers.readLine();
        if (answer != null) {
          return answer.trim().equals("0");
        }
      } catch (IOException e) {
        // The shell died: start another one and try once more.
      }
      stopShell();
    }
    throw new IllegalStateException(
        "cannot signal process group " + pgid + ": /bin/sh keeps failing");
  }

  private void ensureShell() throws IOException {
    if (shell != null && shell.isAlive()) {
      return;
    }
    shell = new ProcessBuilder("/bin/sh").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    commands = shell.getOutputStream();
    answers =
        new BufferedReader(
            new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
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
