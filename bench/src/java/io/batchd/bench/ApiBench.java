package io.batchd.bench;

import io.batchd.api.ServerVersion;
import io.batchd.bench.HeadToHead.Target;
import io.batchd.testing.InProcessServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kubernetes API of batchd over HTTP on loopback, beside the least an HTTP server on the same
 * machine does for the same requests, measured in the same run by the same load generator.
 *
 * <p>It starts batchd as the integration tests do ({@link InProcessServer}: plain HTTP, no
 * authentication, the SQLite store in a temporary directory) and a minimal Vert.x server that
 * answers every request with a fixed JSON body of the size batchd answers it with ({@link
 * ApiBenchStaticServer}). Then, with 1 and with 16 concurrent clients (virtual threads, each with a
 * {@link HttpClient} of its own speaking HTTP/1.1), it times, after a warm-up: listing the Jobs of
 * namespace {@code default} with 100 and with 1,000 of them present, getting one by name, creating
 * one, and the delivery of a create's ADDED event to a watch. It prints one {@code API ...} line
 * per figure and writes every figure to {@code bench/results/api-<timestamp>.json}. Run it with
 * {@code scripts/bench api}; bench/README.md says what each figure is and which system properties
 * change the counts.
 *
 * <p>The first failure (an answer that is not 2xx, a request or an event that does not arrive in
 * time, an unexpected watch event) ends the run: it is printed to stderr, the figures measured
 * until then are written, and the run exits non-zero.
 */
public final class ApiBench {
  static final String JOBS = "/apis/batch/v1/namespaces/default/jobs";
  static final String BASELINE = "vertx-static";

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Settings settings;
  private final Map<String, Object> environment = new LinkedHashMap<>();
  private final List<Figure> figures = new ArrayList<>();
  private HttpClient[] clients = new HttpClient[0];
  private HeadToHead headToHead;
  private Target batchd;
  private Target baseline;

  /** Jobs {@code job-00000} up to this (excluded) exist in namespace default. */
  private int populated;

  private ApiBench(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    new ApiBench(Settings.fromSystemProperties()).run();
  }

  private void run() throws Exception {
    Instant started = Instant.now();
    describeMachine();
    System.out.println("# batchd api bench: " + settings.describe());
    Path dir = Files.createTempDirectory("batchd-api-bench-");
    Exception failure = null;
    try (InProcessServer server = new InProcessServer(dir);
        ApiBenchStaticServer staticServer = ApiBenchStaticServer.start()) {
      batchd = new Target("batchd", server.url(), false);
      baseline = new Target(BASELINE, staticServer.url(), true);
      clients = new HttpClient[settings.maxClients()];
      for (int i = 0; i < clients.length; i++) {
        clients[i] = HttpCalls.http11(settings.requestTimeout());
      }
      headToHead =
          new HeadToHead(clients, settings.rounds(), settings.warmup(), settings.timeout());
      measureAll();
    } catch (Exception e) {
      failure = e;
    } finally {
      for (HttpClient client : clients) {
        client.shutdownNow();
      }
      BenchSupport.deleteRecursively(dir);
    }
    Path file = writeJson(started, failure);
    System.out.println("# figures written to " + file);
    if (failure != null) {
      System.err.println("FAILED: " + failure.getMessage());
      failure.printStackTrace();
      throw new IllegalStateException(
          "api bench aborted after " + figures.size() + " figure(s): " + failure.getMessage(),
          failure);
    }
  }

  private void measureAll() throws Exception {
    for (int items : settings.listSizes()) {
      populate(items);
      int ops = settings.listOps(items);
      for (int c : settings.clients()) {
        int bytes = probeList(items);
        report(measure("list-" + items, c, ops, bytes, null, "request", this::lists));
      }
    }
    if (settings.ops().contains("get")) {
      populate(Math.max(populated, 100));
      for (int c : settings.clients()) {
        int bytes = send(clients[0], get(batchd.url(JOBS + "/" + jobName(0), 0))).length;
        report(measure("get", c, settings.count("get"), bytes, null, "request", this::gets));
      }
    }
    if (settings.ops().contains("create")) {
      for (int c : settings.clients()) {
        int bytes = send(clients[0], post(batchd.url(JOBS, 0), "probe-create-c" + c)).length;
        report(
            measure("create", c, settings.count("create"), bytes, null, "request", this::creates));
      }
    }
    if (settings.ops().contains("watch")) {
      watches();
    }
  }

  /** Creates Jobs {@code job-<n>} until {@code count} of them exist, untimed, many at once. */
  private void populate(int count) throws Exception {
    if (count <= populated) {
      return;
    }
    int from = populated;
    int workers = clients.length;
    int perWorker = (count - from + workers - 1) / workers;
    System.err.printf("populating namespace default up to %d jobs%n", count);
    Load.Result result =
        Load.run(
            workers,
            perWorker,
            settings.timeout(),
            worker ->
                n -> {
                  int index = from + worker + n * workers;
                  if (index < count) {
                    send(clients[worker], post(batchd.url(JOBS, 0), jobName(index)));
                  }
                });
    if (result.failure() != null) {
      throw HeadToHead.failed(
          "populating namespace default with " + count + " jobs", result.failure());
    }
    populated = count;
  }

  /**
   * Lists once and checks that the list holds exactly the Jobs created for it: a list that holds
   * anything else measures something else.
   *
   * @return the size of the list, for the baseline's answers
   */
  private int probeList(int items) throws Exception {
    byte[] body = send(clients[0], get(batchd.url(JOBS, 0)));
    JsonNode list = JSON.readTree(body);
    int found = list.path("items").size();
    if (found != items) {
      throw new IllegalStateException(
          "GET " + JOBS + " returned " + found + " items where " + items + " Jobs exist");
    }
    return body.length;
  }

  private HeadToHead.Workload lists(Target target, int bytes, String run) {
    HttpRequest request = get(target.url(JOBS, bytes));
    return (worker, extra) -> (client, n) -> timed(client, request);
  }

  private HeadToHead.Workload gets(Target target, int bytes, String run) {
    return (worker, extra) ->
        (client, n) -> {
          // Each worker walks the existing Jobs from a different place.
          int index = (int) ((worker * 7919L + n) % populated);
          return timed(client, get(target.url(JOBS + "/" + jobName(index), bytes)));
        };
  }

  private HeadToHead.Workload creates(Target target, int bytes, String run) {
    return (worker, extra) ->
        (client, n) -> timed(client, post(target.url(JOBS, bytes), run + "-w" + worker + "-" + n));
  }

  /**
   * Watch delivery: one watch per server stays open through both client counts. Each client creates
   * a Job, notes when the POST's answer arrived, and waits for the watch to read the Job's ADDED
   * event before its next create; the figure is the time between the two. Beside it, in {@code
   * extra}, the time from sending the POST to the event.
   */
  private void watches() throws Exception {
    Duration timeout = settings.requestTimeout();
    String rv =
        JSON.readTree(send(clients[0], get(batchd.url(JOBS + "?limit=1", 0))))
            .path("metadata")
            .path("resourceVersion")
            .asString();
    if (rv.isEmpty()) {
      throw new IllegalStateException("GET " + JOBS + "?limit=1 returned no resourceVersion");
    }
    String watchQuery = "?watch=true&resourceVersion=" + rv;
    try (ApiBenchWatcher batchdWatch =
        ApiBenchWatcher.open(batchd.url(JOBS + watchQuery, 0), timeout)) {
      // One create seen through the watch: the sizes of the answer and of the event, for the
      // baseline's.
      String probe = "probe-watch";
      CompletableFuture<Long> arrival = batchdWatch.expect(probe);
      int postBytes = send(clients[0], post(batchd.url(JOBS, 0), probe)).length;
      ApiBenchWatcher.await(probe, arrival, timeout);
      int eventBytes = batchdWatch.lastEventBytes();
      try (ApiBenchWatcher baselineWatch =
          ApiBenchWatcher.open(baseline.url(JOBS + watchQuery, eventBytes), timeout)) {
        for (int c : settings.clients()) {
          HeadToHead.Workload.Factory workloads =
              (target, bytes, run) -> {
                ApiBenchWatcher watcher = target == batchd ? batchdWatch : baselineWatch;
                return (worker, extra) ->
                    (client, n) -> {
                      String name = run + "-w" + worker + "-" + n;
                      CompletableFuture<Long> added = watcher.expect(name);
                      long sent = System.nanoTime();
                      send(client, post(target.url(JOBS, bytes), name));
                      long answered = System.nanoTime();
                      long arrived = ApiBenchWatcher.await(name, added, timeout);
                      extra[n] = arrived - sent;
                      return arrived - answered;
                    };
              };
          report(
              measure(
                  "watch",
                  c,
                  settings.count("watch"),
                  postBytes,
                  eventBytes,
                  "post-answered-to-event",
                  workloads));
        }
        batchdWatch.check();
        baselineWatch.check();
      }
    }
  }

  /** One figure: warm-up, then rounds alternating between the baseline and batchd. */
  private Figure measure(
      String op,
      int clientCount,
      int ops,
      int bytes,
      Integer eventBytes,
      String latency,
      HeadToHead.Workload.Factory workloads)
      throws Exception {
    int perWorker = settings.perWorkerRound(ops, clientCount);
    String tag = op.replace("list-", "l") + "-c" + clientCount;
    HeadToHead.Result result =
        headToHead.measure(op, tag, clientCount, perWorker, baseline, batchd, bytes, workloads);
    return Figure.of(
        op, clientCount, latency, bytes, eventBytes, result.measured(), result.baseline());
  }

  static byte[] send(HttpClient client, HttpRequest request) throws Exception {
    return HttpCalls.send(client, request);
  }

  private static long timed(HttpClient client, HttpRequest request) throws Exception {
    return HttpCalls.timed(client, request);
  }

  private HttpRequest get(String url) {
    return HttpCalls.get(url, settings.requestTimeout());
  }

  /** A POST creating a small valid Job named {@code name}. */
  private HttpRequest post(String url, String name) {
    return HttpCalls.post(url, name, HttpCalls.jobJson(name), settings.requestTimeout());
  }

  private static String jobName(int index) {
    return String.format(Locale.ROOT, "job-%05d", index);
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
    environment.put("batchd", ServerVersion.current().batchdVersion());
    try (InputStream in = ApiBench.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      if (in != null) {
        environment.put("vertx", new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      // the version is only informative
    }
  }

  private Path writeJson(Instant started, Exception failure) throws IOException {
    Files.createDirectories(settings.resultsDir());
    Path file = settings.resultsDir().resolve("api-" + FILE_TIME.format(started) + ".json");
    double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    Report report =
        new Report(
            "api",
            started.toString(),
            seconds,
            environment,
            settings.asMap(),
            figures,
            failure == null ? null : failure.toString());
    JsonMapper json =
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    json.writeValue(file, report);
    return file;
  }

  /** Percentiles of a set of latencies, in milliseconds. */
  record Latency(double p50Ms, double p90Ms, double p99Ms, double maxMs, double meanMs) {
    static Latency of(long[] sorted) {
      return new Latency(
          ms(percentile(sorted, 0.50)),
          ms(percentile(sorted, 0.90)),
          ms(percentile(sorted, 0.99)),
          ms(sorted[sorted.length - 1]),
          ms(Arrays.stream(sorted).average().orElseThrow()));
    }

    /** Nearest rank: the smallest value at least {@code q} of all are at or below. */
    private static long percentile(long[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(double nanos) {
      return BenchSupport.round(nanos / 1e6, 3);
    }
  }

  /**
   * One figure: an operation at a client count, batchd beside the baseline.
   *
   * @param latency what the latencies time: {@code request} (sending to the whole answer read) or
   *     {@code post-answered-to-event} (the create's answer read to its watch event read; negative
   *     when the event came first)
   * @param responseBytes the size of batchd's answer, which the baseline's matches
   * @param eventBytes for {@code watch}, the size of batchd's event, which the baseline's matches
   * @param opsPerS the median of the rounds' rates
   * @param createToEventMs for {@code watch}, the time from sending the create to its event read
   * @param ratio batchd's rate divided by the baseline's
   */
  record Figure(
      String op,
      int clients,
      String latency,
      int responseBytes,
      Integer eventBytes,
      long ops,
      double seconds,
      double opsPerS,
      List<Double> roundOpsPerS,
      Latency latencyMs,
      Latency createToEventMs,
      String baseline,
      long baselineOps,
      double baselineSeconds,
      double baselineOpsPerS,
      List<Double> baselineRoundOpsPerS,
      Latency baselineLatencyMs,
      Latency baselineCreateToEventMs,
      double ratio) {

    static Figure of(
        String op,
        int clients,
        String latency,
        int bytes,
        Integer eventBytes,
        HeadToHead.Runs measured,
        HeadToHead.Runs baseline) {
      double rate = measured.medianRate();
      double baseRate = baseline.medianRate();
      boolean watch = eventBytes != null;
      return new Figure(
          op,
          clients,
          latency,
          bytes,
          eventBytes,
          measured.ops(),
          BenchSupport.round(measured.seconds(), 3),
          BenchSupport.round(rate, 1),
          measured.rates(),
          Latency.of(measured.sortedLatencies()),
          watch ? Latency.of(measured.sortedExtras()) : null,
          BASELINE,
          baseline.ops(),
          BenchSupport.round(baseline.seconds(), 3),
          BenchSupport.round(baseRate, 1),
          baseline.rates(),
          Latency.of(baseline.sortedLatencies()),
          watch ? Latency.of(baseline.sortedExtras()) : null,
          BenchSupport.round(rate / baseRate, 3));
    }

    /** {@code API op=... ops_per_s=... p50_ms=... ratio=...}: one line, key=value. */
    String summaryLine() {
      String line =
          String.format(
              Locale.ROOT,
              "API op=%s clients=%d ops=%d ops_per_s=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f"
                  + " baseline=%s baseline_ops_per_s=%d baseline_p50_ms=%.3f baseline_p90_ms=%.3f"
                  + " baseline_p99_ms=%.3f ratio=%.3f",
              op,
              clients,
              ops,
              Math.round(opsPerS),
              latencyMs.p50Ms(),
              latencyMs.p90Ms(),
              latencyMs.p99Ms(),
              baseline,
              Math.round(baselineOpsPerS),
              baselineLatencyMs.p50Ms(),
              baselineLatencyMs.p90Ms(),
              baselineLatencyMs.p99Ms(),
              ratio);
      if (createToEventMs != null) {
        line +=
            String.format(
                Locale.ROOT,
                " create_to_event_p50_ms=%.3f create_to_event_p99_ms=%.3f"
                    + " baseline_create_to_event_p50_ms=%.3f baseline_create_to_event_p99_ms=%.3f",
                createToEventMs.p50Ms(),
                createToEventMs.p99Ms(),
                baselineCreateToEventMs.p50Ms(),
                baselineCreateToEventMs.p99Ms());
      }
      return line;
    }
  }

  /** The JSON file: the run, the machine, the settings, every figure, and the failure if any. */
  record Report(
      String benchmark,
      String started,
      double seconds,
      Map<String, Object> environment,
      Map<String, Object> settings,
      List<Figure> figures,
      String failure) {}

  /**
   * What to run, from system properties, all optional; bench/README.md lists them with their
   * defaults.
   */
  record Settings(
      List<String> ops,
      List<Integer> clients,
      List<Integer> listSizes,
      int listItems,
      int getOps,
      int createOps,
      int watchOps,
      double scale,
      int rounds,
      double warmup,
      Duration timeout,
      Duration requestTimeout,
      Path resultsDir) {

    private static final List<String> OPS = List.of("list", "get", "create", "watch");

    static Settings fromSystemProperties() {
      List<String> ops =
          Arrays.stream(System.getProperty("bench.api.ops", String.join(",", OPS)).split(","))
              .map(String::strip)
              .toList();
      for (String op : ops) {
        if (!OPS.contains(op)) {
          throw new IllegalArgumentException(
              "bench.api.ops: unknown operation '" + op + "'; known: " + OPS);
        }
      }
      Settings settings =
          new Settings(
              ops,
              ints("bench.api.clients", "1,16"),
              ops.contains("list")
                  ? ints("bench.api.listSizes", "100,1000").stream().sorted().toList()
                  : List.of(),
              Integer.getInteger("bench.api.list.items", 200_000),
              Integer.getInteger("bench.api.get.ops", 12_000),
              Integer.getInteger("bench.api.create.ops", 6_000),
              Integer.getInteger("bench.api.watch.ops", 960),
              BenchSupport.doubleProperty("bench.api.scale", 1.0),
              Integer.getInteger("bench.api.rounds", 3),
              BenchSupport.doubleProperty("bench.api.warmup", 0.25),
              Duration.ofSeconds(Integer.getInteger("bench.api.timeoutSeconds", 120)),
              Duration.ofSeconds(Integer.getInteger("bench.api.requestTimeoutSeconds", 30)),
              Path.of(System.getProperty("bench.results.dir", "bench/results")));
      if (settings.clients().stream().anyMatch(c -> c < 1)
          || settings.listSizes().stream().anyMatch(s -> s < 1)
          || settings.rounds() < 1) {
        throw new IllegalArgumentException(
            "bench.api.clients, bench.api.listSizes and bench.api.rounds must be positive");
      }
      return settings;
    }

    private static List<Integer> ints(String property, String fallback) {
      return Arrays.stream(System.getProperty(property, fallback).split(","))
          .map(String::strip)
          .map(Integer::valueOf)
          .toList();
    }

    int maxClients() {
      return clients.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** Timed requests of one list figure: {@code bench.api.list.items} items listed in all. */
    int listOps(int items) {
      return Math.max(1, listItems / items);
    }

    int count(String op) {
      return switch (op) {
        case "get" -> getOps;
        case "create" -> createOps;
        case "watch" -> watchOps;
        default -> throw new IllegalArgumentException("unknown op " + op);
      };
    }

    /** Requests per client per round: scaled, at least one. */
    int perWorkerRound(int ops, int clientCount) {
      return (int) Math.max(1, Math.round(ops * scale / clientCount / rounds));
    }

    /** Timed requests of a figure, as {@link #perWorkerRound} rounds them. */
    int timed(int ops, int clientCount) {
      return perWorkerRound(ops, clientCount) * clientCount * rounds;
    }

    String describe() {
      StringBuilder s =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "ops=%s clients=%s rounds=%d warmup=%.2f scale=%s",
                  String.join(",", ops),
                  clients.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""),
                  rounds,
                  warmup,
                  scale));
      for (var entry : timedCounts().entrySet()) {
        s.append(' ').append(entry.getKey()).append("_ops=").append(entry.getValue());
      }
      return s.toString();
    }

    /** Timed requests per figure, by op, one per client count. */
    private Map<String, List<Integer>> timedCounts() {
      Map<String, List<Integer>> counts = new LinkedHashMap<>();
      for (int items : listSizes) {
        counts.put("list-" + items, clients.stream().map(c -> timed(listOps(items), c)).toList());
      }
      for (String op : List.of("get", "create", "watch")) {
        if (ops.contains(op)) {
          counts.put(op, clients.stream().map(c -> timed(count(op), c)).toList());
        }
      }
      return counts;
    }

    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("ops", ops);
      map.put("clients", clients);
      map.put("list_sizes", listSizes);
      map.put("scale", scale);
      map.put("rounds", rounds);
      map.put("warmup_fraction", warmup);
      map.put("timed_requests", timedCounts());
      map.put("timeout_seconds", timeout.toSeconds());
      map.put("request_timeout_seconds", requestTimeout.toSeconds());
      return map;
    }
  }
}
