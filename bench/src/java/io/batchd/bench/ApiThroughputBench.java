package io.batchd.bench;

import io.batchd.bench.HeadToHead.Target;
import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DESIGN.md's P3: create, get, list and watch delivery of batch/v1 Jobs with 16 concurrent clients,
 * batchd (durable: the SQLite store with its default options) beside fabric8's {@code
 * KubernetesMockServer} in CRUD mode, driven by the same load generator ({@link HeadToHead}) in the
 * same run. Target: at least twice the mock's throughput for each operation.
 *
 * <p>Run it with {@code scripts/bench p3}; bench/README.md says what each figure is and which
 * system properties change the counts.
 */
public final class ApiThroughputBench {
  static final String BASELINE = "fabric8-mock-crud";
  private static final String READ_NS = "p3-read";
  private static final String CREATE_NS = "p3-create";
  private static final String WATCH_NS = "p3-watch";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Kept so that the mock's per-request INFO logging stays off (JUL holds loggers weakly). */
  private final Settings settings;

  private final PerfReport report;
  private HttpClient[] clients = new HttpClient[0];
  private HeadToHead headToHead;
  private Target batchd;
  private Target mock;

  private ApiThroughputBench(Settings settings) {
    this.settings = settings;
    this.report =
        new PerfReport(
            "P3", "Jobs API, " + settings.clients + " clients: batchd vs fabric8 mock (CRUD)");
  }

  public static void main(String[] args) throws Exception {
    ApiThroughputBench bench = new ApiThroughputBench(Settings.fromSystemProperties());
    bench.run();
    if (bench.report.hasFailed()) {
      System.exit(1);
    }
  }

  private void run() throws Exception {
    settings.describe(report);
    Path dir = Files.createTempDirectory("batchd-p3-");
    KubernetesMockServer mockServer = CrudMockServer.create();
    try (InProcessServer server = new InProcessServer(dir)) {
      mockServer.init(InetAddress.getByName("127.0.0.1"), 0);
      batchd = new Target("batchd", server.url(), false);
      mock = new Target(BASELINE, "http://127.0.0.1:" + mockServer.getPort(), false);
      clients = new HttpClient[settings.clients];
      for (int i = 0; i < clients.length; i++) {
        clients[i] = HttpCalls.http11(settings.requestTimeout);
      }
      headToHead = new HeadToHead(clients, settings.rounds, settings.warmup, settings.timeout);
      for (Target target : List.of(batchd, mock)) {
        for (String ns : List.of(READ_NS, CREATE_NS, WATCH_NS)) {
          send(target, HttpCalls.post(target.url("/api/v1/namespaces"), ns, nsJson(ns), timeout()));
        }
        populate(target);
      }
      for (String op : settings.ops) {
        switch (op) {
          case "list" -> list();
          case "get" -> get();
          case "create" -> create();
          case "watch" -> watch();
          default -> throw new IllegalArgumentException(op);
        }
      }
    } catch (Exception e) {
      System.err.println("FAILED: " + e);
      e.printStackTrace();
      report.failed(e);
    } finally {
      for (HttpClient client : clients) {
        client.shutdownNow();
      }
      mockServer.destroy();
      BenchSupport.deleteRecursively(dir);
    }
    report.write();
  }

  private static String nsJson(String ns) {
    return HttpCalls.namespaceJson(ns);
  }

  private Duration timeout() {
    return settings.requestTimeout;
  }

  private byte[] send(Target target, java.net.http.HttpRequest request) throws Exception {
    return HttpCalls.send(clients[0], request);
  }

  private static String jobs(String namespace) {
    return "/apis/batch/v1/namespaces/" + namespace + "/jobs";
  }

  private static String readJob(int index) {
    return String.format(Locale.ROOT, "job-%04d", index);
  }

  /** Creates the Jobs that list and get read, untimed, many at once. */
  private void populate(Target target) throws Exception {
    int items = settings.listItems;
    int workers = clients.length;
    Load.Result result =
        Load.run(
            workers,
            (items + workers - 1) / workers,
            settings.timeout,
            worker ->
                n -> {
                  int index = worker + n * workers;
                  if (index < items) {
                    String name = readJob(index);
                    HttpCalls.send(
                        clients[worker],
                        HttpCalls.post(
                            target.url(jobs(READ_NS)), name, HttpCalls.jobJson(name), timeout()));
                  }
                });
    if (result.failure() != null) {
      throw HeadToHead.failed("populating " + READ_NS + " on " + target.name(), result.failure());
    }
    expectItems(target, READ_NS, items);
  }

  /**
   * Lists a namespace and checks that it holds exactly {@code items} Jobs: a server that does not
   * store what it was sent (or lists something else) would measure nothing.
   */
  private void expectItems(Target target, String namespace, int items) throws Exception {
    JsonNode list =
        JSON.readTree(send(target, HttpCalls.get(target.url(jobs(namespace)), timeout())));
    int found = list.path("items").size();
    if (found != items) {
      throw new IllegalStateException(
          target.name()
              + ": GET "
              + jobs(namespace)
              + " returned "
              + found
              + " items where "
              + items
              + " Jobs exist");
    }
  }

  private void list() throws Exception {
    String path = jobs(READ_NS);
    int[] sizes = answerSizes(path);
    figure(
        "list",
        settings.count("list"),
        (target, bytes, run) -> {
          java.net.http.HttpRequest request = HttpCalls.get(target.url(jobs(READ_NS)), timeout());
          return (worker, extra) -> (client, n) -> HttpCalls.timed(client, request);
        });
    lastLine.put("answer_bytes", sizes[0]).put("baseline_answer_bytes", sizes[1]);
  }

  /**
   * The sizes of batchd's and the mock's answers to a GET: batchd answers with the defaulted Job
   * and its managedFields, the mock with what it was sent, so their answers differ in size.
   */
  private int[] answerSizes(String path) throws Exception {
    return new int[] {
      send(batchd, HttpCalls.get(batchd.url(path), timeout())).length,
      send(mock, HttpCalls.get(mock.url(path), timeout())).length
    };
  }

  private void get() throws Exception {
    for (Target target : List.of(batchd, mock)) {
      JsonNode job =
          JSON.readTree(
              send(target, HttpCalls.get(target.url(jobs(READ_NS) + "/" + readJob(7)), timeout())));
      if (!readJob(7).equals(job.path("metadata").path("name").asString())) {
        throw new IllegalStateException(
            target.name() + ": GET of " + readJob(7) + " returned " + job);
      }
    }
    int[] sizes = answerSizes(jobs(READ_NS) + "/" + readJob(7));
    figure(
        "get",
        settings.count("get"),
        (target, bytes, run) ->
            (worker, extra) ->
                (client, n) -> {
                  // Each client walks the Jobs from a different place.
                  int index = (int) ((worker * 7919L + n) % settings.listItems);
                  return HttpCalls.timed(
                      client,
                      HttpCalls.get(target.url(jobs(READ_NS) + "/" + readJob(index)), timeout()));
                });
    lastLine.put("answer_bytes", sizes[0]).put("baseline_answer_bytes", sizes[1]);
  }

  private void create() throws Exception {
    figure(
        "create",
        settings.count("create"),
        (target, bytes, run) ->
            (worker, extra) ->
                (client, n) -> {
                  String name = run + "-w" + worker + "-" + n;
                  return HttpCalls.timed(
                      client,
                      HttpCalls.post(
                          target.url(jobs(CREATE_NS)), name, HttpCalls.jobJson(name), timeout()));
                });
    // Every create (warm-up and rounds) must have been stored.
    int perServer = settings.timedWithWarmup(settings.count("create"));
    for (Target target : List.of(batchd, mock)) {
      expectItems(target, CREATE_NS, perServer);
    }
  }

  /**
   * Watch delivery: one WebSocket watch per server (the only way the mock serves watches, and how
   * fabric8's client watches) on an empty namespace, open through the figure. Each client creates a
   * Job there and waits for the watch to read its ADDED event before its next create. The latency
   * is from sending the POST to reading the event; from the POST's answer to the event goes to the
   * line as {@code answer_to_event_*}.
   */
  private void watch() throws Exception {
    Duration timeout = timeout();
    String rv =
        JSON.readTree(send(batchd, HttpCalls.get(batchd.url(jobs(WATCH_NS)), timeout)))
            .path("metadata")
            .path("resourceVersion")
            .asString();
    String query = "?watch=true&resourceVersion=" + rv;
    try (ApiBenchWatcher batchdWatch =
            ApiBenchWatcher.openWebSocket(batchd.webSocketUrl(jobs(WATCH_NS) + query), timeout);
        ApiBenchWatcher mockWatch =
            ApiBenchWatcher.openWebSocket(mock.webSocketUrl(jobs(WATCH_NS) + query), timeout)) {
      HeadToHead.Result result =
          figure(
              "watch",
              settings.count("watch"),
              (target, bytes, run) -> {
                ApiBenchWatcher watcher = target == batchd ? batchdWatch : mockWatch;
                return (worker, extra) ->
                    (client, n) -> {
                      String name = run + "-w" + worker + "-" + n;
                      CompletableFuture<Long> added = watcher.expect(name);
                      long sent = System.nanoTime();
                      HttpCalls.send(
                          client,
                          HttpCalls.post(
                              target.url(jobs(WATCH_NS)), name, HttpCalls.jobJson(name), timeout));
                      long answered = System.nanoTime();
                      long arrived = ApiBenchWatcher.await(name, added, timeout);
                      extra[n] = arrived - answered;
                      return arrived - sent;
                    };
              });
      batchdWatch.check();
      mockWatch.check();
      PerfReport.Samples mine = new PerfReport.Samples(result.measured().sortedExtras());
      PerfReport.Samples base = new PerfReport.Samples(result.baseline().sortedExtras());
      lastLine
          .put("answer_to_event_p50_ms", mine.percentileMs(50))
          .put("answer_to_event_p99_ms", mine.percentileMs(99))
          .put("baseline_answer_to_event_p50_ms", base.percentileMs(50))
          .put("baseline_answer_to_event_p99_ms", base.percentileMs(99));
    }
  }

  private PerfReport.Line lastLine;

  /** Measures one op and adds its line and both servers' latencies to the report. */
  private HeadToHead.Result figure(String op, int ops, HeadToHead.Workload.Factory workloads)
      throws Exception {
    int c = settings.clients;
    int perWorker = settings.perWorkerRound(ops);
    HeadToHead.Result result =
        headToHead.measure(op, op + "-c" + c, c, perWorker, mock, batchd, 0, workloads);
    PerfReport.Samples mine = report.latencies("batchd " + op, result.measured().sortedLatencies());
    PerfReport.Samples base = report.latencies("mock " + op, result.baseline().sortedLatencies());
    double rate = result.measured().medianRate();
    double baseRate = result.baseline().medianRate();
    double ratio = rate / baseRate;
    lastLine =
        report
            .line("op=" + op)
            .put("clients", c)
            .put("ops", result.measured().ops())
            .put("ops_per_s", rate)
            .put("p50_ms", mine.percentileMs(50))
            .put("p99_ms", mine.percentileMs(99))
            .put("baseline", BASELINE)
            .put("baseline_ops_per_s", baseRate)
            .put("baseline_p50_ms", base.percentileMs(50))
            .put("baseline_p99_ms", base.percentileMs(99))
            .put("ratio", ratio)
            .target("ratio>=2", ratio >= 2);
    System.err.printf(
        Locale.ROOT,
        "P3 %s: batchd %.0f/s (rounds %s), mock %.0f/s (rounds %s), ratio %.3f%n",
        op,
        rate,
        result.measured().rates(),
        baseRate,
        result.baseline().rates(),
        ratio);
    return result;
  }

  /** What to run, from system properties, all optional (bench/README.md lists them). */
  record Settings(
      List<String> ops,
      int clients,
      int listItems,
      int listOps,
      int getOps,
      int createOps,
      int watchOps,
      double scale,
      int rounds,
      double warmup,
      Duration timeout,
      Duration requestTimeout) {

    private static final List<String> OPS = List.of("list", "get", "create", "watch");

    static Settings fromSystemProperties() {
      List<String> ops =
          Arrays.stream(System.getProperty("bench.p3.ops", String.join(",", OPS)).split(","))
              .map(String::strip)
              .toList();
      for (String op : ops) {
        if (!OPS.contains(op)) {
          throw new IllegalArgumentException(
              "bench.p3.ops: unknown operation '" + op + "'; known: " + OPS);
        }
      }
      Settings s =
          new Settings(
              ops,
              Integer.getInteger("bench.p3.clients", 16),
              Integer.getInteger("bench.p3.list.items", 100),
              Integer.getInteger("bench.p3.list.ops", 2_000),
              Integer.getInteger("bench.p3.get.ops", 12_000),
              Integer.getInteger("bench.p3.create.ops", 6_000),
              Integer.getInteger("bench.p3.watch.ops", 960),
              BenchSupport.doubleProperty("bench.p3.scale", 1.0),
              Integer.getInteger("bench.p3.rounds", 3),
              BenchSupport.doubleProperty("bench.p3.warmup", 0.25),
              Duration.ofSeconds(Integer.getInteger("bench.p3.timeoutSeconds", 300)),
              Duration.ofSeconds(Integer.getInteger("bench.p3.requestTimeoutSeconds", 30)));
      if (s.clients < 1 || s.listItems < 1 || s.rounds < 1) {
        throw new IllegalArgumentException(
            "bench.p3.clients, bench.p3.list.items and bench.p3.rounds must be positive");
      }
      return s;
    }

    int count(String op) {
      return switch (op) {
        case "list" -> listOps;
        case "get" -> getOps;
        case "create" -> createOps;
        case "watch" -> watchOps;
        default -> throw new IllegalArgumentException("unknown op " + op);
      };
    }

    /** Requests per client per round: scaled, at least one. */
    int perWorkerRound(int ops) {
      return (int) Math.max(1, Math.round(ops * scale / clients / rounds));
    }

    /** Requests one server gets in a figure: the warm-up's and every round's. */
    int timedWithWarmup(int ops) {
      int perWorker = perWorkerRound(ops);
      int warm = Math.max(1, (int) Math.round(perWorker * rounds * warmup));
      return (warm + perWorker * rounds) * clients;
    }

    void describe(PerfReport report) {
      report
          .setting("ops", ops)
          .setting("clients", clients)
          .setting("list_items", listItems)
          .setting("scale", scale)
          .setting("rounds", rounds)
          .setting("warmup_fraction", warmup)
          .setting("watch_transport", "websocket (both servers)")
          .setting("batchd_store", "sqlite, SqliteOptions.defaults()");
      for (String op : ops) {
        report.setting(op + "_timed_requests", perWorkerRound(count(op)) * clients * rounds);
      }
      System.out.println("# P3 settings: ops=" + ops + " clients=" + clients + " scale=" + scale);
    }
  }
}
