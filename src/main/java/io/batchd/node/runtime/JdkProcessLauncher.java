package io.batchd.node.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts processes with Java's {@link ProcessBuilder} through {@code setsid}, so that each leads
 * its own session and process group. Two virtual threads copy stdout and stderr; a third waits for
 * the process, kills the rest of its group and waits for the copies. Groups are signalled through
 * {@link ProcessGroupSignals}. The fallback where posix_spawn cannot be used.
 */
final class JdkProcessLauncher implements ProcessLauncher {
  private static final Logger LOG = System.getLogger(JdkProcessLauncher.class.getName());
  private static final File DEV_NULL = new File("/dev/null");
  private static final int READ_BUFFER = 8 * 1024;

  private final String setsid;
  private final String why;
  private final ProcessGroupSignals signals = new ProcessGroupSignals();

  /**
   * @param why why posix_spawn is not used, for the description
   */
  JdkProcessLauncher(String why) {
    this.setsid = findSetsid();
    this.why = why;
  }

  @Override
  public SpawnMechanism mechanism() {
    return SpawnMechanism.PROCESS_BUILDER;
  }

  @Override
  public String description() {
    return "container processes are started with Java's ProcessBuilder through setsid ("
        + why
        + ")";
  }

  @Override
  public LaunchedProcess launch(SpawnRequest request) throws IOException {
    List<String> argv = new ArrayList<>(request.arguments().size() + 2);
    argv.add(setsid);
    argv.add(request.executable().toString());
    argv.addAll(request.arguments());
    boolean merged = request.stderr() == null;
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(request.workingDirectory().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
            .redirectErrorStream(merged);
    builder.environment().clear();
    builder.environment().putAll(request.environment());
    Process process = builder.start();
    CompletableFuture<Void> stdout = copy(process.getInputStream(), request.stdout());
    CompletableFuture<Void> stderr =
        merged
            ? CompletableFuture.completedFuture(null)
            : copy(process.getErrorStream(), request.stderr());
    Thread.ofVirtual()
        .name("process-wait-", process.pid())
        .start(() -> awaitEnd(process, CompletableFuture.allOf(stdout, stderr), request));
    return new Launched(process.pid(), process, signals);
  }

  private static CompletableFuture<Void> copy(InputStream in, ProcessOutput output) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              byte[] buffer = new byte[READ_BUFFER];
              try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  output.write(buffer, 0, n);
                }
              } catch (IOException e) {
                LOG.log(Level.WARNING, "copying a process's output failed", e);
              } finally {
                try {
                  output.finish();
                } catch (IOException e) {
                  LOG.log(Level.WARNING, "copying a process's output failed", e);
                }
                done.complete(null);
              }
            });
    return done;
  }

  private void awaitEnd(Process process, CompletableFuture<Void> output, SpawnRequest request) {
    int code = waitFor(process);
    Instant finishedAt = Instant.now();
    signals.signalGroup(process.pid(), GroupSignal.KILL);
    try {
      output.get(DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.log(
          Level.WARNING,
          "process {0} ended but its output pipes are still open (a process left its group?); its"
              + " output is not read further",
          process.pid());
    } catch (Exception e) {
      // The copies complete normally; nothing else can end the wait.
    }
    request.onEnd().accept(new ProcessEnd(code, finishedAt));
  }

  private static int waitFor(Process process) {
    while (true) {
      try {
        return process.waitFor();
      } catch (InterruptedException e) {
        // Only this launcher's own thread waits here; keep waiting for the process.
      }
    }
  }

  @Override
  public void close() {
    signals.close();
  }

  private static String findSetsid() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "the process runtime needs setsid (util-linux) at /usr/bin/setsid or /bin/setsid");
  }

  private record Launched(long pid, Process process, ProcessGroupSignals signals)
      implements LaunchedProcess {
    @Override
    public void signalGroup(GroupSignal signal) {
      // After the process has been reaped its pid may be reused: signal only while it is alive
      // (its group is killed when it ends).
      if (process.isAlive()) {
        signals.signalGroup(pid, signal);
      }
    }
  }
}
