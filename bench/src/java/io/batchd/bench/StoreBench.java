package io.batchd.bench;

import io.batchd.store.KeyValue;
import io.batchd.store.Store;
import io.batchd.store.etcd.EtcdStore;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.batchd.testing.EtcdProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Write throughput of each store backend, beside the throughput of the same writes made straight
 * through the backend's own client, measured in the same run.
 *
 * <p>For each backend (SQLite in a temporary directory, etcd started on free loopback ports) and
 * for 1 and then N concurrent writers (64 by default) it times creates of new keys and
 * compare-and-swap updates, with 1 KiB values, after a warm-up of the same writes. It prints one
 * {@code STORE ...} line per figure and writes every figure to {@code
 * bench/results/store-<timestamp>.json}. Run it with {@code scripts/bench store}; bench/README.md
 * lists the system properties that change the counts.
 */
public final class StoreBench {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  // gRPC (under jetcd) logs through java.util.logging, which logback.xml does not reach; keep its
  // start-up chatter out of the output. Held in a field: JUL keeps loggers only weakly.
  private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

  private final Settings settings;
  private final byte[] value;
  private final Map<String, Object> environment = new LinkedHashMap<>();
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  private StoreBench(Settings settings) {
    this.settings = settings;
    // Random bytes, so that nothing on the way can make 1 KiB cost less than 1 KiB.
    this.value = new byte[settings.valueBytes()];
    new Random(42).nextBytes(value);
  }

  public static void main(String[] args) throws Exception {
    GRPC_LOG.setLevel(Level.WARNING);
    new StoreBench(Settings.fromSystemProperties()).run();
  }

  private void run() throws Exception {
    Instant started = Instant.now();
    describeMachine();
    System.out.println("# batchd store bench: " + settings.describe());
    if (settings.backends().contains("sqlite")) {
      guarded("sqlite", this::sqlite);
    }
    if (settings.backends().contains("etcd")) {
      guarded("etcd", this::etcd);
    }
    Path file = writeJson(started);
    System.out.println("# figures written to " + file);
    long failed = figures.stream().filter(f -> f.error() != null).count() + failures.size();
    if (failed > 0) {
      throw new IllegalStateException(
          failed + " measurement(s) failed: see the stack traces above");
    }
  }

  /** Runs one backend; a backend that cannot start is recorded, and the others still run. */
  private void guarded(String backend, ThrowingRunnable body) {
    try {
      body.run();
    } catch (Exception e) {
      System.err.println("backend " + backend + " failed:");
      e.printStackTrace();
      failures.add(backend + ": " + e);
    }
  }

  private void sqlite() throws Exception {
    Path dir = Files.createTempDirectory("batchd-store-bench-");
    try (SqliteStore store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
        SqliteBaseline baseline = new SqliteBaseline(dir.resolve("baseline.db"), value)) {
      environment.put("sqlite", baseline.sqliteVersion());
      measure("sqlite", store, baseline);
    } finally {
      BenchSupport.deleteRecursively(dir);
    }
  }

  private void etcd() throws Exception {
    try (EtcdProcess etcd = EtcdProcess.start();
        EtcdStore store = EtcdStore.connect(etcd.endpoints(), 10_000);
        EtcdBaseline baseline = new EtcdBaseline(etcd.endpoints(), value)) {
      environment.put("etcd", baseline.serverVersion(etcd.endpoint()));
      measure("etcd", store, baseline);
    }
  }

  /**
   * Times the baseline, creates and updates with one writer, then with many. The three take turns
   * round by round, so that a disturbance from outside (another process, the disk flushing) lands
   * on one round of each rather than on one figure, and each figure is its median round.
   */
  private void measure(String backend, Store store, Baseline baseline) throws InterruptedException {
    for (int writers : new int[] {1, settings.writers()}) {
      Map<String, Function<String, Load.Writers>> workloads = new LinkedHashMap<>();
      workloads.put("baseline", prefix -> writer -> baseline.writer(prefix, writer));
      workloads.put("create", prefix -> creates(store, prefix));
      workloads.put("update", prefix -> updates(store, prefix));
      Map<String, Rounds> rounds = timeInTurns(backend, writers, workloads);
      for (var entry : rounds.entrySet()) {
        reportFailure(backend + " " + entry.getKey(), writers, entry.getValue().failure());
      }
      Rounds base = rounds.get("baseline");
      report(Figure.of(backend, "create", writers, rounds.get("create"), baseline.name(), base));
      report(Figure.of(backend, "update", writers, rounds.get("update"), baseline.name(), base));
    }
  }

  /**
   * Warms each workload up on keys of its own, then times them in turns for the configured number
   * of rounds. The warm-up gets the JIT, the connections and the files past their first writes,
   * which would otherwise count against whichever workload came first. A workload that fails is not
   * run again; its rounds end with the failure.
   *
   * @param workloads by name, each making the writers for a key prefix
   */
  private Map<String, Rounds> timeInTurns(
      String backend, int writers, Map<String, Function<String, Load.Writers>> workloads)
      throws InterruptedException {
    int perWriter = settings.ops(backend, writers) / writers / settings.rounds();
    int warmPerWriter =
        Math.max(1, (int) Math.round(perWriter * settings.rounds() * settings.warmup()));
    System.err.printf(
        "%s, %d writer(s): warm-up %d, then %d BenchSupport.round(s) of %d writes each for %s%n",
        backend,
        writers,
        warmPerWriter * writers,
        settings.rounds(),
        perWriter * writers,
        String.join(", ", workloads.keySet()));
    Map<String, Rounds> rounds = new LinkedHashMap<>();
    for (var workload : workloads.entrySet()) {
      Rounds r = new Rounds();
      r.add(run(workload.getKey(), writers, warmPerWriter, "warmup", workload.getValue()));
      rounds.put(workload.getKey(), r.failure() == null ? new Rounds() : r);
    }
    for (int round = 1; round <= settings.rounds(); round++) {
      for (var workload : workloads.entrySet()) {
        Rounds r = rounds.get(workload.getKey());
        if (r.failure() == null) {
          r.add(run(workload.getKey(), writers, perWriter, "r" + round, workload.getValue()));
        }
      }
    }
    return rounds;
  }

  /** One run of a workload on keys under a prefix no other run uses. */
  private Load.Result run(
      String workload,
      int writers,
      int perWriter,
      String phase,
      Function<String, Load.Writers> writersFor)
      throws InterruptedException {
    String prefix = "/registry/batch/jobs/bench-" + workload + "-w" + writers + "-" + phase;
    return Load.run(writers, perWriter, settings.timeout(), writersFor.apply(prefix));
  }

  /** Each write creates a key of its own. */
  private Load.Writers creates(Store store, String prefix) {
    return writer -> n -> store.create(prefix + "/w" + writer + "-" + n, value);
  }

  /**
   * Each writer owns one key and updates it again and again, each update a compare-and-swap on the
   * mod revision its previous write returned, as a controller updating its object would. Writers
   * never touch each other's keys, so a conflict here is a bug in the store, not contention.
   */
  private Load.Writers updates(Store store, String prefix) {
    return writer -> {
      String key = prefix + "/w" + writer;
      AtomicReference<KeyValue> last = new AtomicReference<>(store.create(key, value));
      return n -> last.set(store.update(key, value, last.get().modRevision()));
    };
  }

  /** Prints the stack trace of a failed workload: if a store broke, this is what to look at. */
  private static void reportFailure(String what, int writers, Throwable failure) {
    if (failure != null) {
      System.err.println("FAILED: " + what + ", " + writers + " writer(s):");
      failure.printStackTrace();
    }
  }

  private void report(Figure figure) {
    figures.add(figure);
    System.out.println(figure.summaryLine());
  }

  private void describeMachine() {
    environment.put("java", System.getProperty("java.version"));
    environment.put("vm", System.getProperty("java.vm.name"));
    environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    environment.put("cpus", Runtime.getRuntime().availableProcessors());
  }

  private Path writeJson(Instant started) throws IOException {
    Files.createDirectories(settings.resultsDir());
    Path file = settings.resultsDir().resolve("store-" + FILE_TIME.format(started) + ".json");
    double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    Report report =
        new Report(
            "store", started.toString(), seconds, environment, settings.asMap(), figures, failures);
    JsonMapper json =
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    json.writeValue(file, report);
    return file;
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** The JSON file: the run, the machine, the settings, and every figure. */
  record Report(
      String benchmark,
      String started,
      double seconds,
      Map<String, Object> environment,
      Map<String, Object> settings,
      List<Figure> figures,
      List<String> failures) {}

  /**
   * One measured figure and the baseline beside it. A figure whose measurement failed keeps its
   * error and has no rate: a number is only ever printed when it was measured.
   *
   * @param opsPerS the median of the rounds' rates
   * @param roundOpsPerS each round's rate, in the order they ran
   * @param ratio the store's rate divided by the baseline's
   */
  record Figure(
      String backend,
      String op,
      int writers,
      long ops,
      double seconds,
      Double opsPerS,
      List<Double> roundOpsPerS,
      String baseline,
      long baselineOps,
      double baselineSeconds,
      Double baselineOpsPerS,
      List<Double> baselineRoundOpsPerS,
      Double ratio,
      String error) {

    static Figure of(
        String backend,
        String op,
        int writers,
        Rounds store,
        String baselineName,
        Rounds baseline) {
      Double rate = store.failure() == null ? BenchSupport.round(store.medianRate(), 1) : null;
      Double baseRate =
          baseline.failure() == null ? BenchSupport.round(baseline.medianRate(), 1) : null;
      Double ratio =
          rate != null && baseRate != null ? BenchSupport.round(rate / baseRate, 3) : null;
      String error = null;
      if (store.failure() != null) {
        error = store.failure().toString();
      } else if (baseline.failure() != null) {
        error = "baseline " + baselineName + " failed: " + baseline.failure();
      }
      return new Figure(
          backend,
          op,
          writers,
          store.ops(),
          BenchSupport.round(store.seconds(), 3),
          rate,
          store.failure() == null ? store.rates() : List.of(),
          baselineName,
          baseline.ops(),
          BenchSupport.round(baseline.seconds(), 3),
          baseRate,
          baseline.failure() == null ? baseline.rates() : List.of(),
          ratio,
          error);
    }

    /** {@code STORE backend=... ops_per_s=... ratio=...}: one line, key=value, no spaces inside. */
    String summaryLine() {
      StringBuilder line =
          new StringBuilder("STORE")
              .append(" backend=")
              .append(backend)
              .append(" op=")
              .append(op)
              .append(" writers=")
              .append(writers)
              .append(" ops=")
              .append(ops)
              .append(" ops_per_s=")
              .append(opsPerS == null ? "NA" : Math.round(opsPerS))
              .append(" baseline=")
              .append(baseline)
              .append(" baseline_ops_per_s=")
              .append(baselineOpsPerS == null ? "NA" : Math.round(baselineOpsPerS))
              .append(" ratio=")
              .append(ratio == null ? "NA" : String.format(Locale.ROOT, "%.2f", ratio));
      if (error != null) {
        line.append(" error=").append(error.split("[:\\s]", 2)[0]);
      }
      return line.toString();
    }
  }

  /**
   * What to run, from system properties (all optional): {@code bench.store.backends} (sqlite,etcd),
   * {@code bench.store.writers} (64), {@code bench.store.valueBytes} (1024), {@code
   * bench.store.warmup} (fraction of the timed writes done first, 0.25), {@code bench.store.rounds}
   * (turns the timed writes are split into, 3), {@code bench.store.sqlite.ops} and {@code
   * bench.store.etcd.ops} (writes per figure with one writer), {@code
   * bench.store.sqlite.concurrentOps} and {@code bench.store.etcd.concurrentOps} (writes per figure
   * with many writers), {@code bench.store.scale} (multiplies every count, for a quick run), {@code
   * bench.store.timeoutSeconds} (per timed run, 120), {@code bench.results.dir} (bench/results).
   */
  record Settings(
      List<String> backends,
      int writers,
      int valueBytes,
      double warmup,
      int rounds,
      double scale,
      int sqliteOps,
      int sqliteConcurrentOps,
      int etcdOps,
      int etcdConcurrentOps,
      Duration timeout,
      Path resultsDir) {

    private static final List<String> BACKENDS = List.of("sqlite", "etcd");

    static Settings fromSystemProperties() {
      return new Settings(
          backends(System.getProperty("bench.store.backends", String.join(",", BACKENDS))),
          Integer.getInteger("bench.store.writers", 64),
          Integer.getInteger("bench.store.valueBytes", 1024),
          BenchSupport.doubleProperty("bench.store.warmup", 0.25),
          Integer.getInteger("bench.store.rounds", 3),
          BenchSupport.doubleProperty("bench.store.scale", 1.0),
          Integer.getInteger("bench.store.sqlite.ops", 12_000),
          Integer.getInteger("bench.store.sqlite.concurrentOps", 38_400),
          Integer.getInteger("bench.store.etcd.ops", 1_500),
          Integer.getInteger("bench.store.etcd.concurrentOps", 9_600),
          Duration.ofSeconds(Integer.getInteger("bench.store.timeoutSeconds", 120)),
          Path.of(System.getProperty("bench.results.dir", "bench/results")));
    }

    private static List<String> backends(String names) {
      List<String> backends = Arrays.stream(names.split(",")).map(String::strip).toList();
      for (String backend : backends) {
        if (!BACKENDS.contains(backend)) {
          throw new IllegalArgumentException(
              "bench.store.backends: unknown backend '" + backend + "'; known: " + BACKENDS);
        }
      }
      return backends;
    }

    /**
     * Timed writes for one figure, over all its rounds: scaled, and a whole number of writes for
     * each writer in each round, at least one.
     */
    int ops(String backend, int writerCount) {
      int base =
          switch (backend) {
            case "sqlite" -> writerCount == 1 ? sqliteOps : sqliteConcurrentOps;
            case "etcd" -> writerCount == 1 ? etcdOps : etcdConcurrentOps;
            default -> throw new IllegalArgumentException("unknown backend " + backend);
          };
      long perWriterRound = Math.max(1, Math.round(base * scale / writerCount / rounds));
      return Math.toIntExact(perWriterRound * writerCount * rounds);
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "backends=%s writers=1,%d value_bytes=%d warmup=%.2f rounds=%d"
              + " sqlite_ops=%d/%d etcd_ops=%d/%d",
          String.join(",", backends),
          writers,
          valueBytes,
          warmup,
          rounds,
          ops("sqlite", 1),
          ops("sqlite", writers),
          ops("etcd", 1),
          ops("etcd", writers));
    }

    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("backends", backends);
      map.put("writers", List.of(1, writers));
      map.put("value_bytes", valueBytes);
      map.put("warmup_fraction", warmup);
      map.put("rounds", rounds);
      map.put("sqlite_ops", List.of(ops("sqlite", 1), ops("sqlite", writers)));
      map.put("etcd_ops", List.of(ops("etcd", 1), ops("etcd", writers)));
      map.put("timeout_seconds", timeout.toSeconds());
      return map;
    }
  }
}
