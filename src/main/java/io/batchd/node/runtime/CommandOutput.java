package io.batchd.node.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short command, collects its output and ends it at its timeout, with its process group. */
final class CommandOutput {
  /** The kubelet keeps at most 10 KiB of an exec probe's output. */
  static final int MAX_OUTPUT = 10 * 1024;

  private CommandOutput() {}

  /** Runs {@code request} (its outputs and end are replaced) with stdout and stderr together. */
  static ExecResult run(ProcessLauncher launcher, SpawnRequest request, Duration timeout)
      throws IOException, InterruptedException {
    Collected output = new Collected();
    CompletableFuture<ProcessEnd> end = new CompletableFuture<>();
    LaunchedProcess process =
        launcher.launch(
            new SpawnRequest(
                request.executable(),
                request.arguments(),
                request.environment(),
                request.workingDirectory(),
                output,
                null,
                end::complete));
    // The command's children die with it (the launcher kills the group when the command ends), as
    // they would when an exec session ends.
    try {
      ProcessEnd ended = end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new ExecResult(ended.exitCode(), output.text(), false);
    } catch (TimeoutException e) {
      process.signalGroup(GroupSignal.KILL);
      awaitQuietly(end);
      return new ExecResult(-1, output.text(), true);
    } catch (InterruptedException e) {
      process.signalGroup(GroupSignal.KILL);
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the launcher failed a process's end", e.getCause());
    }
  }

  private static void awaitQuietly(CompletableFuture<ProcessEnd> end) throws InterruptedException {
    try {
      end.get();
    } catch (ExecutionException e) {
      // Killed: its end is not needed.
    }
  }

  /** The first {@link #MAX_OUTPUT} bytes; the rest is read and dropped. */
  private static final class Collected implements ProcessOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
      int room = MAX_OUTPUT - bytes.size();
      if (room > 0) {
        bytes.write(data, offset, Math.min(room, length));
      }
    }

    @Override
    public void finish() {}

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
