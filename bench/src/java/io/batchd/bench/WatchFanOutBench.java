package io.batchd.bench;

import io.batchd.bench.FanOutWatchers.Transport;
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
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.json.JsonMapper;

/**
 * DESIGN.md's P4: watch fan-out. {@code bench.p4.watchers} watches of the Jobs of one namespace are
 * held open while one writer makes {@code bench.p4.updates} updates, each a JSON merge patch
 * setting a label of one of {@code bench.p4.jobs} Jobs (in turn); each update is sent when the
 * previous one was answered and not before its slot of {@code bench.p4.intervalMs} (0: back to
 * back). The delivery latency is from sending the update to each watcher reading its event; p50 and
 * p99 are over every (update, watcher) pair. Target: p99 at most 50 ms.
 *
 * <p>batchd is measured with HTTP watches (a chunked response, as client-go watches) and with
 * WebSocket watches (as fabric8's client does); the baseline, fabric8's mock server in CRUD mode,
 * serves watches only as WebSockets. Each phase has a namespace and Jobs of its own, and its
 * watchers are closed before the next phase opens its own.
 */
public final class WatchFanOutBench {
  static final String BASELINE = "fabric8-mock-crud";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Settings settings;
  private final PerfReport report =
      new PerfReport("P4", "watch fan-out: delivery latency, update sent to event read");
  private final HttpClient writer = HttpCalls.http11(Duration.ofSeconds(30));
  private PerfReport.Samples baseline;

  private WatchFanOutBench(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    WatchFanOutBench bench = new WatchFanOutBench(Settings.fromSystemProperties());
    bench.run();
    if (bench.report.hasFailed()) {
      System.exit(1);
    }
  }

  private void run() throws Exception {
    settings.describe(report);
    Path dir = Files.createTempDirectory("batchd-p4-");
    KubernetesMockServer mockServer = CrudMockServer.create();
    try (InProcessServer server = new InProcessServer(dir)) {
      mockServer.init(InetAddress.getByName("127.0.0.1"), 0);
      if (settings.baseline) {
        baseline = phase("mock", mockServer.getPort(), Transport.WEBSOCKET, "p4-mock", true);
      }
      for (Transport transport : settings.transports) {
        String ns = "p4-batchd-" + transport.name().toLowerCase(Locale.ROOT);
        phase("batchd", server.port(), transport, ns, false);
      }
    } catch (Exception e) {
      System.err.println("FAILED: " + e);
      e.printStackTrace();
      report.failed(e);
    } finally {
      writer.shutdownNow();
      mockServer.destroy();
      BenchSupport.deleteRecursively(dir);
    }
    report.write();
  }

  /** One server, one transport: watchers opened, warm-up, timed updates, watchers closed. */
  private PerfReport.Samples phase(
      String server, int port, Transport transport, String namespace, boolean isBaseline)
      throws Exception {
    String base = "http://127.0.0.1:" + port;
    String jobs = "/apis/batch/v1/namespaces/" + namespace + "/jobs";
    Duration timeout = settings.timeout;
    HttpCalls.send(
        writer,
        HttpCalls.post(
            base + "/api/v1/namespaces", namespace, HttpCalls.namespaceJson(namespace), timeout));
    for (int j = 0; j < settings.jobs; j++) {
      String name = "fan-" + j;
      HttpCalls.send(writer, HttpCalls.post(base + jobs, name, HttpCalls.jobJson(name), timeout));
    }
    String rv =
        JSON.readTree(HttpCalls.send(writer, HttpCalls.get(base + jobs, timeout)))
            .path("metadata")
            .path("resourceVersion")
            .asString();
    String label = server + " " + transport.name().toLowerCase(Locale.ROOT);
    System.err.printf("P4 %s: opening %d watchers%n", label, settings.watchers);
    int total = settings.warmup + settings.updates;
    long[] sent = new long[total];
    long[] answered = new long[total];
    try (FanOutWatchers watchers =
        new FanOutWatchers(
            port,
            jobs + "?watch=true&resourceVersion=" + rv,
            transport,
            settings.watchers,
            total,
            timeout)) {
      // fabric8's mock replays the collection to every new watch, whatever resourceVersion says.
      watchers.awaitInitial(isBaseline ? settings.jobs : 0, timeout);
      System.err.printf(
          "P4 %s: %d watchers open; warm-up of %d updates%n",
          label, settings.watchers, settings.warmup);
      update(base, jobs, 0, settings.warmup, sent, answered, watchers);
      if (settings.warmup > 0) {
        watchers.awaitUpdate(settings.warmup - 1, timeout);
      }
      long start = System.nanoTime();
      update(base, jobs, settings.warmup, total, sent, answered, watchers);
      watchers.awaitUpdate(total - 1, timeout);
      double seconds = (System.nanoTime() - start) / 1e9;
      int w = watchers.size();
      long[] latency = new long[settings.updates * w];
      long[] fromAnswer = new long[settings.updates * w];
      long[] arrivals = new long[w];
      for (int k = 0; k < settings.updates; k++) {
        int seq = settings.warmup + k;
        watchers.arrivals(seq, arrivals, 0);
        for (int i = 0; i < w; i++) {
          latency[k * w + i] = arrivals[i] - sent[seq];
          fromAnswer[k * w + i] = arrivals[i] - answered[seq];
        }
      }
      PerfReport.Samples samples = report.latencies(label, latency);
      PerfReport.Samples afterAnswer = new PerfReport.Samples(fromAnswer);
      PerfReport.Samples writes = new PerfReport.Samples(diff(answered, sent, settings.warmup));
      double p99 = samples.percentileMs(99);
      PerfReport.Line line =
          report
              .line("server=" + server + " transport=" + transport.name().toLowerCase(Locale.ROOT))
              .put("watchers", w)
              .put("updates", settings.updates)
              .put("deliveries", (long) latency.length)
              .put("interval_ms", settings.intervalMs)
              .put("seconds", seconds)
              .put("updates_per_s", settings.updates / seconds)
              .put("p50_ms", samples.percentileMs(50))
              .put("p99_ms", p99)
              .put("max_ms", samples.maxMs())
              .put("answer_to_read_p50_ms", afterAnswer.percentileMs(50))
              .put("answer_to_read_p99_ms", afterAnswer.percentileMs(99))
              .put("update_p50_ms", writes.percentileMs(50))
              .put("update_p99_ms", writes.percentileMs(99));
      if (!isBaseline) {
        if (baseline != null) {
          line.put("baseline", BASELINE + "-websocket")
              .put("baseline_p50_ms", baseline.percentileMs(50))
              .put("baseline_p99_ms", baseline.percentileMs(99));
        }
        line.target("p99<=50ms", p99 <= 50);
      } else {
        line.put("role", "baseline");
      }
      System.err.printf(
          Locale.ROOT,
          "P4 %s: p50 %.3f ms, p99 %.3f ms over %d deliveries in %.1f s%n",
          label,
          samples.percentileMs(50),
          p99,
          latency.length,
          seconds);
      return samples;
    }
  }

  private static long[] diff(long[] a, long[] b, int from) {
    long[] d = new long[a.length - from];
    for (int i = from; i < a.length; i++) {
      d[i - from] = a[i] - b[i];
    }
    return d;
  }

  /** Sends updates {@code from} to {@code to} (excluded), paced, one at a time. */
  private void update(
      String base,
      String jobs,
      int from,
      int to,
      long[] sent,
      long[] answered,
      FanOutWatchers watchers)
      throws Exception {
    long interval = settings.intervalMs * 1_000_000L;
    long start = System.nanoTime();
    for (int seq = from; seq < to; seq++) {
      long slot = start + (seq - from) * interval;
      long wait = slot - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      String job = jobs + "/fan-" + (seq % settings.jobs);
      String patch =
          "{\"metadata\":{\"labels\":{\"" + FanOutWatchers.SEQ_LABEL + "\":\"" + seq + "\"}}}";
      sent[seq] = System.nanoTime();
      HttpCalls.send(writer, HttpCalls.mergePatch(base + job, patch, settings.timeout));
      answered[seq] = System.nanoTime();
      if ((seq & 63) == 0) {
        watchers.check();
      }
    }
  }

  /** What to run, from system properties, all optional (bench/README.md lists them). */
  record Settings(
      int watchers,
      int updates,
      int warmup,
      int jobs,
      int intervalMs,
      List<Transport> transports,
      boolean baseline,
      Duration timeout) {

    static Settings fromSystemProperties() {
      List<Transport> transports =
          Arrays.stream(System.getProperty("bench.p4.transports", "http,websocket").split(","))
              .map(String::strip)
              .map(t -> Transport.valueOf(t.toUpperCase(Locale.ROOT)))
              .toList();
      Settings s =
          new Settings(
              Integer.getInteger("bench.p4.watchers", 1000),
              Integer.getInteger("bench.p4.updates", 1000),
              Integer.getInteger("bench.p4.warmup", 100),
              Integer.getInteger("bench.p4.jobs", 10),
              Integer.getInteger("bench.p4.intervalMs", 20),
              transports,
              Boolean.parseBoolean(System.getProperty("bench.p4.baseline", "true")),
              Duration.ofSeconds(Integer.getInteger("bench.p4.timeoutSeconds", 120)));
      if (s.watchers < 1 || s.updates < 1 || s.jobs < 1 || s.warmup < 0 || s.intervalMs < 0) {
        throw new IllegalArgumentException("bench.p4 counts must be positive");
      }
      return s;
    }

    void describe(PerfReport report) {
      report
          .setting("watchers", watchers)
          .setting("updates", updates)
          .setting("warmup_updates", warmup)
          .setting("jobs", jobs)
          .setting("interval_ms", intervalMs)
          .setting("batchd_transports", transports.toString())
          .setting("latency", "update sent -> event read by the watcher")
          .setting("batchd_store", "sqlite, SqliteOptions.defaults()");
      System.out.println(
          "# P4 settings: watchers="
              + watchers
              + " updates="
              + updates
              + " interval_ms="
              + intervalMs
              + " transports="
              + transports);
    }
  }
}
