package io.batchd.node.runtime;

import io.batchd.node.logs.CriLogWriter;
import io.batchd.node.logs.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A container running as a host process, leader of its own session and process group.
 *
 * <p>Two virtual threads copy stdout and stderr into the CRI log; a third waits for the process.
 * When the process ends, the rest of its group is killed (as the kernel kills a container's other
 * processes when its init process dies), the copiers drain the pipes, and only then does {@link
 * #exit()} complete, with the termination message read.
 */
final class ProcessContainer implements RunningContainer {
  private static final Logger LOG = System.getLogger(ProcessContainer.class.getName());

  /**
   * How long to wait for the pipes to close once the group is killed. Only a process that left the
   * group (its own setsid) can keep them open longer; its output after that is lost.
   */
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(2);

  private final Process process;
  private final Instant startedAt;
  private final ProcessGroupSignals signals;
  private final CompletableFuture<ContainerExit> exit = new CompletableFuture<>();
  private volatile boolean terminating;

  private ProcessContainer(Process process, Instant startedAt, ProcessGroupSignals signals) {
    this.process = process;
    this.startedAt = startedAt;
    this.signals = signals;
  }

  /**
   * Watches {@code process}: copies its output into {@code log} (which it closes at the end) and
   * completes {@link #exit()} with the message read by {@code termination}.
   */
  static ProcessContainer watch(
      Process process,
      Instant startedAt,
      ProcessGroupSignals signals,
      CriLogWriter log,
      Termination termination) {
    ProcessContainer container = new ProcessContainer(process, startedAt, signals);
    CompletableFuture<Void> stdout = copy(process.getInputStream(), log, LogStream.STDOUT);
    CompletableFuture<Void> stderr = copy(process.getErrorStream(), log, LogStream.STDERR);
    Thread.ofVirtual()
        .name("container-wait-", process.pid())
        .start(
            () -> container.awaitExit(CompletableFuture.allOf(stdout, stderr), log, termination));
    return container;
  }

  private static CompletableFuture<Void> copy(InputStream in, CriLogWriter log, LogStream stream) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                CriLogWriter.pump(in, log.output(stream));
              } catch (IOException e) {
                LOG.log(Level.WARNING, "copying " + stream.wireName() + " into the log failed", e);
              } finally {
                done.complete(null);
              }
            });
    return done;
  }

  private void awaitExit(
      CompletableFuture<Void> output, CriLogWriter log, Termination termination) {
    try {
      int code = waitForProcess();
      Instant finishedAt = Instant.now();
      signals.signalGroup(process.pid(), "KILL");
      try {
        output.get(DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.log(
            Level.WARNING,
            "container process {0} ended but its output pipes are still open (a process left its"
                + " group?); the log is closed without the rest",
            process.pid());
      }
      closeQuietly(log);
      Integer signal = code > 128 && code <= 128 + 64 ? code - 128 : null;
      String reason = code == 0 ? ContainerExit.COMPLETED : ContainerExit.ERROR;
      exit.complete(new ContainerExit(code, reason, termination.message(code), finishedAt, signal));
    } catch (Throwable t) {
      closeQuietly(log);
      exit.completeExceptionally(t);
    }
  }

  private int waitForProcess() {
    while (true) {
      try {
        return process.waitFor();
      } catch (InterruptedException e) {
        // Only this runtime's own thread waits here; keep waiting for the process.
      }
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
      signals.signalGroup(process.pid(), "KILL");
      return;
    }
    // A second stop (say, a deletion with a shorter grace) only brings the SIGKILL forward.
    if (!terminating) {
      terminating = true;
      signals.signalGroup(process.pid(), "TERM");
    }
    Thread.ofVirtual()
        .name("container-stop-", process.pid())
        .start(
            () -> {
              try {
                exit.get(grace.toMillis(), TimeUnit.MILLISECONDS);
              } catch (TimeoutException e) {
                signals.signalGroup(process.pid(), "KILL");
              } catch (Exception e) {
                // The container ended (or failed to be watched): nothing left to kill.
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
}
