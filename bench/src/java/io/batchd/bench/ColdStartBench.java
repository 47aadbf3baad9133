package io.batchd.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DESIGN.md's P6: cold start, from starting {@code ./batchd server} to the first successful {@code
 * kubectl get jobs}, beside a bare JVM start plus one {@code kubectl get jobs} measured in the same
 * run.
 *
 * <p>The packaged jar must exist ({@code scripts/bench p6} builds it first). Each timed start runs
 * {@code ./batchd server --data-dir D --port P} exactly as a user runs it (the script, {@code
 * scripts/with-jdk}, the JVM), first on a new data dir D (the CA, the serving certificate, the
 * token and the store are made) and then again on the same D (they are loaded). The clock starts
 * just before the process is started. Every 5 ms the benchmark checks whether the kubeconfig exists
 * and port P accepts a connection; from then on it runs the installed {@code kubectl get jobs} with
 * that kubeconfig and a new, empty {@code --cache-dir} (so kubectl's discovery requests are part of
 * the time, as on a first use) until one exits 0: the clock stops when that one has exited. The
 * server is then stopped with SIGTERM. {@code bench.p6.warmup} untimed starts come first (default
 * 1: the jar's pages get into the OS cache, and {@code ./batchd} makes whatever it makes once per
 * build).
 *
 * <p>Baseline, in the same run, with a server running: {@code java -version} (the JVM the benchmark
 * runs on, a bare JVM start) and one {@code kubectl get jobs} (new cache dir) against that server,
 * each {@code bench.p6.runs} times; the baseline is the sum of their medians.
 */
public final class ColdStartBench {
  private static final double TARGET_MS = 1500;
  private static final long POLL_MILLIS = 5;

  private final Path root = Path.of("").toAbsolutePath();
  private final Path work;
  private final long timeoutSeconds;
  private int serial;

  private ColdStartBench(Path work, long timeoutSeconds) {
    this.work = work;
    this.timeoutSeconds = timeoutSeconds;
  }

  public static void main(String[] args) throws Exception {
    int runs = (int) BenchSupport.doubleProperty("bench.p6.runs", 5);
    int warmup = (int) BenchSupport.doubleProperty("bench.p6.warmup", 1);
    long timeoutSeconds = (long) BenchSupport.doubleProperty("bench.p6.timeoutSeconds", 300);
    PerfReport report =
        new PerfReport("P6", "cold start: ./batchd server -> first successful kubectl get jobs")
            .setting("runs", runs)
            .setting("warmup", warmup)
            .setting("command", "./batchd server --data-dir D --port P")
            .setting("kubectl", "kubectl get jobs --kubeconfig D/kubeconfig --cache-dir <new>");
    System.out.printf(
        "# P6: runs=%d warmup=%d cpus=%d%n",
        runs, warmup, Runtime.getRuntime().availableProcessors());
    Path work = Files.createTempDirectory("batchd-p6-");
    try {
      new ColdStartBench(work, timeoutSeconds).run(report, runs, warmup);
    } catch (Exception e) {
      report.failed(e);
    } finally {
      BenchSupport.deleteRecursively(work);
    }
    report.write();
    System.exit(report.hasFailed() ? 1 : 0);
  }

  private void run(PerfReport report, int runs, int warmup) throws Exception {
    if (!Files.exists(root.resolve("target/batchd.jar"))) {
      throw new IllegalStateException("no target/batchd.jar: run mvn package first");
    }
    for (int i = 0; i < warmup; i++) {
      System.err.printf("P6: warm-up start %d of %d%n", i + 1, warmup);
      try (Start start = Start.begin(this, newDataDir(), freePort())) {
        start.awaitKubectl();
      }
    }
    long[] fresh = new long[runs];
    long[] existing = new long[runs];
    long[] freshListening = new long[runs];
    long[] existingListening = new long[runs];
    long[] jvm = new long[runs];
    long[] kubectl = new long[runs];
    for (int i = 0; i < runs; i++) {
      System.err.printf("P6: start %d of %d, new data dir, then again on it%n", i + 1, runs);
      Path dir = newDataDir();
      int port = freePort();
      try (Start start = Start.begin(this, dir, port)) {
        start.awaitKubectl();
        fresh[i] = start.elapsed();
        freshListening[i] = start.listening();
      }
      try (Start start = Start.begin(this, dir, port)) {
        start.awaitKubectl();
        existing[i] = start.elapsed();
        existingListening[i] = start.listening();
        if (i == runs - 1) {
          System.err.printf("P6 baseline: %d x java -version, %d x kubectl get jobs%n", runs, runs);
          for (int j = 0; j < runs; j++) {
            jvm[j] = timed(List.of(javaCommand(), "-version"));
            kubectl[j] = timed(kubectlGetJobs(dir.resolve("kubeconfig")));
          }
        }
      }
    }
    PerfReport.Samples jvmSamples = report.latencies("baseline java -version", jvm);
    PerfReport.Samples kubectlSamples =
        report.latencies("baseline kubectl get jobs (server up)", kubectl);
    double baselineMs = jvmSamples.percentileMs(50) + kubectlSamples.percentileMs(50);
    figure(
        report,
        "start=fresh",
        "new data dir",
        fresh,
        freshListening,
        baselineMs,
        jvmSamples,
        kubectlSamples);
    figure(
        report,
        "start=existing",
        "existing data dir",
        existing,
        existingListening,
        baselineMs,
        jvmSamples,
        kubectlSamples);
  }

  private static void figure(
      PerfReport report,
      String label,
      String series,
      long[] times,
      long[] listening,
      double baselineMs,
      PerfReport.Samples jvm,
      PerfReport.Samples kubectl) {
    PerfReport.Samples samples = report.latencies("batchd " + series, times);
    PerfReport.Samples listen = new PerfReport.Samples(listening);
    double p50 = samples.percentileMs(50);
    report
        .line(label)
        .put("p50_ms", p50)
        .put("max_ms", samples.maxMs())
        .put("baseline_ms", baselineMs)
        .put("ratio", p50 / baselineMs)
        .put("listening_p50_ms", listen.percentileMs(50))
        .put("baseline_jvm_p50_ms", jvm.percentileMs(50))
        .put("baseline_kubectl_p50_ms", kubectl.percentileMs(50))
        .put("runs", samples.count())
        .target("p50_ms<=" + (int) TARGET_MS, p50 <= TARGET_MS);
  }

  private Path newDataDir() {
    return work.resolve("data-" + (++serial));
  }

  private List<String> kubectlGetJobs(Path kubeconfig) throws IOException {
    Path cache = Files.createTempDirectory(work, "kubectl-cache-");
    return List.of(
        "kubectl",
        "get",
        "jobs",
        "--kubeconfig",
        kubeconfig.toString(),
        "--cache-dir",
        cache.toString());
  }

  private static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Nanoseconds a command took to exit 0. */
  private long timed(List<String> command) throws Exception {
    long t0 = System.nanoTime();
    int code = runQuietly(command);
    long took = System.nanoTime() - t0;
    if (code != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + code);
    }
    return took;
  }

  private int runQuietly(List<String> command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " took over the timeout");
    }
    return p.exitValue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 100);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One start of {@code ./batchd server}, timed from just before the process started. */
  private static final class Start implements AutoCloseable {
    private final ColdStartBench bench;
    private final Path dir;
    private final int port;
    private final Path log;
    private final Process process;
    private final long began;
    private long listening;
    private long ready;

    private Start(ColdStartBench bench, Path dir, int port, Path log, Process process, long began) {
      this.bench = bench;
      this.dir = dir;
      this.port = port;
      this.log = log;
      this.process = process;
      this.began = began;
    }

    static Start begin(ColdStartBench bench, Path dir, int port) throws IOException {
      Path log = dir.resolveSibling(dir.getFileName() + "-" + System.nanoTime() + ".log");
      List<String> command =
          List.of(
              bench.root.resolve("batchd").toString(),
              "server",
              "--data-dir",
              dir.toString(),
              "--port",
              String.valueOf(port));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(bench.root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      long began = System.nanoTime();
      return new Start(bench, dir, port, log, builder.start(), began);
    }

    /** Polls until the server listens with its kubeconfig written, then until kubectl succeeds. */
    void awaitKubectl() throws Exception {
      long deadline = began + TimeUnit.SECONDS.toNanos(bench.timeoutSeconds);
      Path kubeconfig = dir.resolve("kubeconfig");
      while (!(Files.exists(kubeconfig) && accepts(port))) {
        checkAlive(deadline);
        Thread.sleep(POLL_MILLIS);
      }
      listening = System.nanoTime() - began;
      while (bench.runQuietly(bench.kubectlGetJobs(kubeconfig)) != 0) {
        checkAlive(deadline);
        Thread.sleep(POLL_MILLIS);
      }
      ready = System.nanoTime() - began;
    }

    private void checkAlive(long deadline) throws IOException {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "./batchd server exited " + process.exitValue() + ": " + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("./batchd server not ready in time: " + tail());
      }
    }

    private String tail() throws IOException {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** Nanoseconds from the start to the first successful kubectl's exit. */
    long elapsed() {
      return ready;
    }

    /** Nanoseconds from the start to the port accepting with the kubeconfig written. */
    long listening() {
      return listening;
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
