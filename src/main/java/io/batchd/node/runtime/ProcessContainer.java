package io.batchd.node.runtime;

import io.batchd.node.logs.CriLogWriter;
import io.batchd.node.logs.LogStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A container running as a host process, leader of its own session and process group. Its stdout
 * and stderr go into the attempt's CRI log; when the launcher reports the end (group killed, output
 * drained), the log is closed, the termination message read, and {@link #exit()} completes.
 */
final class ProcessContainer implements RunningContainer {
  private static final Logger LOG = System.getLogger(ProcessContainer.class.getName());

  private final LaunchedProcess process;
  private final Instant startedAt;
  private final CompletableFuture<ContainerExit> exit;
  private boolean terminating;

  private ProcessContainer(
      LaunchedProcess process, Instant startedAt, CompletableFuture<ContainerExit> exit) {
    this.process = process;
    this.startedAt = startedAt;
    this.exit = exit;
  }

  /**
   * Starts {@code executable} with {@code launcher}, its output into {@code log} (which is closed
   * at the end), its exit completed with the message read by {@code termination}.
   */
  static ProcessContainer start(
      ProcessLauncher launcher,
      Path executable,
      ContainerLaunch launch,
      CriLogWriter log,
      Termination termination)
      throws IOException {
    CompletableFuture<ContainerExit> exit = new CompletableFuture<>();
    Instant startedAt = Instant.now();
    LaunchedProcess process =
        launcher.launch(
            new SpawnRequest(
                executable,
                launch.command().subList(1, launch.command().size()),
                launch.environment(),
                launch.workingDirectory(),
                new LogOutput(log.output(LogStream.STDOUT)),
                new LogOutput(log.output(LogStream.STDERR)),
                end -> ended(end, log, termination, exit)));
    return new ProcessContainer(process, startedAt, exit);
  }

  private static void ended(
      ProcessEnd end,
      CriLogWriter log,
      Termination termination,
      CompletableFuture<ContainerExit> exit) {
    try {
      closeQuietly(log);
      int code = end.exitCode();
      Integer signal = code > 128 && code <= 128 + 64 ? code - 128 : null;
      String reason = code == 0 ? ContainerExit.COMPLETED : ContainerExit.ERROR;
      exit.complete(
          new ContainerExit(code, reason, termination.message(code), end.finishedAt(), signal));
    } catch (Throwable t) {
      exit.completeExceptionally(t);
    }
  }

  private static void closeQuietly(CriLogWriter log) {
    try {
      log.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing a container log failed", e);
    }
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public CompletableFuture<ContainerExit> exit() {
    return exit;
  }

  @Override
  public synchronized void stop(Duration grace) {
    if (exit.isDone()) {
      return;
    }
    if (grace.isZero() || grace.isNegative()) {
      process.signalGroup(GroupSignal.KILL);
      return;
    }
    // A second stop (say, a deletion with a shorter grace) only brings the SIGKILL forward.
    if (!terminating) {
      terminating = true;
      process.signalGroup(GroupSignal.TERM);
    }
    CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              if (!exit.isDone()) {
                process.signalGroup(GroupSignal.KILL);
              }
            });
  }

  /** Reads the termination message of an attempt once its process has ended. */
  interface Termination {
    String message(int exitCode);
  }

  static Termination termination(Path messageFile, String policy, Path logFile) {
    return code -> TerminationMessages.read(messageFile, policy, code, logFile);
  }

  /** One stream of the container's output into its CRI log. */
  private record LogOutput(CriLogWriter.Output output) implements ProcessOutput {
    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      output.write(bytes, offset, length);
    }

    @Override
    public void finish() throws IOException {
      output.finish();
    }
  }
}
