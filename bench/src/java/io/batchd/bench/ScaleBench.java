package io.batchd.bench;

import io.batchd.api.ServerVersion;
import io.batchd.api.codec.Codecs;
import io.batchd.apiserver.ApiServer;
import io.batchd.apiserver.ServingOptions;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.registry.StoreHealth;
import io.batchd.registry.batch.JobStrategy;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.batchd.testing.ChildServer;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * DESIGN.md's P5: 100,000 Jobs stored. It fills a SQLite store with {@code bench.p5.jobs} finished
 * Jobs, starts the packaged server on it in a child JVM ({@code -Xmx1g}: the whole server, API,
 * controllers and node agent), and measures the time from starting the process to ready ({@code
 * /readyz} ok and a first page of {@code GET /apis/batch/v1/jobs?limit=500} served), the time of
 * the full list of every Job in one answer and in pages of 500 (as kubectl lists), and the heap
 * used after a full GC. Baseline, in the same run: reading the same rows straight from the file
 * with sqlite-jdbc, and decoding them into fabric8 Jobs with Jackson.
 *
 * <p>The Jobs are made realistic once: a template is created and finished through the API of a
 * server on the store (so it carries its defaults and managedFields), then copied with new names,
 * uids and labels straight into the store by many writers at once (so the store's group commit
 * fills it fast); the fill is timed too. The server is started twice on the filled store: the first
 * start also makes the data dir's CA and token; the second is the restart the targets are about.
 */
public final class ScaleBench {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern HEAP_USED = Pattern.compile("committed (\\d+)K, used (\\d+)K");

  private final Settings settings;
  private final PerfReport report = new PerfReport("P5", "100,000 Jobs: restart, list, heap");
  private final HttpClient http = HttpCalls.http11(Duration.ofSeconds(30));

  private ScaleBench(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    ScaleBench bench = new ScaleBench(Settings.fromSystemProperties());
    bench.run();
    if (bench.report.hasFailed()) {
      System.exit(1);
    }
  }

  private void run() throws Exception {
    settings.describe(report);
    Path dir =
        settings.dir() == null ? Files.createTempDirectory("batchd-p5-") : Path.of(settings.dir());
    try {
      if (settings.dir() == null || !Files.exists(dir.resolve("store.db"))) {
        Files.createDirectories(dir);
        fill(dir);
      }
      Baseline base = baseline(dir.resolve("store.db"));
      measureServer(dir, base);
    } catch (Exception e) {
      System.err.println("FAILED: " + e);
      e.printStackTrace();
      report.failed(e);
    } finally {
      http.shutdownNow();
      if (settings.dir() == null) {
        BenchSupport.deleteRecursively(dir);
      }
    }
    report.write();
  }

  /** Fills the store with the template's copies; prints and reports how long it took. */
  private void fill(Path dir) throws Exception {
    SqliteStore store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    Registries registries = ApiResources.register(new Registries(store, Clock.systemUTC()));
    ApiServer server = null;
    try {
      registries.bootstrap();
      server =
          ApiServer.start(
              ServingOptions.plain("127.0.0.1", 0),
              registries,
              new StoreHealth(store),
              ServerVersion.current(),
              Clock.systemUTC());
      String base = "http://127.0.0.1:" + server.port();
      for (int n = 0; n < settings.namespaces; n++) {
        String ns = namespace(n);
        HttpCalls.send(
            http,
            HttpCalls.post(
                base + "/api/v1/namespaces", ns, HttpCalls.namespaceJson(ns), timeout()));
      }
      ObjectNode template = template(base);
      System.err.printf("P5: filling the store with %d Jobs%n", settings.jobs);
      int writers = 64;
      long start = System.nanoTime();
      Load.Result result =
          Load.run(
              writers,
              (settings.jobs + writers - 1) / writers,
              Duration.ofMinutes(30),
              writer ->
                  n -> {
                    int i = writer + n * writers;
                    if (i < settings.jobs) {
                      ObjectNode job = copy(template, i);
                      store.create(
                          JobStrategy.JOBS.key(namespace(i % settings.namespaces), name(i)),
                          JSON.writeValueAsBytes(job));
                    }
                  });
      double seconds = (System.nanoTime() - start) / 1e9;
      if (result.failure() != null) {
        throw HeadToHead.failed("filling the store", result.failure());
      }
      report
          .line("figure=fill")
          .put("jobs", settings.jobs)
          .put("seconds", seconds)
          .put("jobs_per_s", settings.jobs / seconds)
          .put("job_bytes", (long) JSON.writeValueAsBytes(copy(template, 0)).length)
          .put("how", "template through the API, copies straight into the store, 64 writers");
    } finally {
      if (server != null) {
        server.close();
      }
      registries.close();
      store.close();
    }
  }

  /**
   * A finished Job as a server stores it: created through the API with labels, annotations, env and
   * resources, then its status set as the Job controller sets it (succeeded, Complete).
   */
  private ObjectNode template(String base) throws Exception {
    String ns = namespace(0);
    String jobs = base + "/apis/batch/v1/namespaces/" + ns + "/jobs";
    String job =
        """
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"template",
         "labels":{"app":"nightly-report","team":"analytics","tier":"batch"},
         "annotations":{"example.com/owner":"analytics@example.com","example.com/run":"2026-11-23"}},
         "spec":{"backoffLimit":3,"completions":1,"parallelism":1,
          "template":{"metadata":{"labels":{"app":"nightly-report"}},
           "spec":{"restartPolicy":"Never","containers":[{"name":"report","image":"busybox:1.36",
            "command":["/bin/sh","-c","echo building the report && sleep 1"],
            "env":[{"name":"REPORT_DAY","value":"2026-11-23"},{"name":"OUTPUT","value":"/data/out"}],
            "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"memory":"128Mi"}}}]}}}}
        """;
    HttpCalls.send(
        http, HttpCalls.post(jobs + "?fieldManager=kubectl-create", "template", job, timeout()));
    Instant started = Instant.now().minusSeconds(60);
    String status =
        "{\"status\":{\"startTime\":\""
            + started
            + "\",\"completionTime\":\""
            + started.plusSeconds(30)
            + "\",\"succeeded\":1,\"ready\":0,\"terminating\":0,\"uncountedTerminatedPods\":{},"
            + "\"conditions\":[{\"type\":\"SuccessCriteriaMet\",\"status\":\"True\","
            + "\"lastProbeTime\":\""
            + started.plusSeconds(30)
            + "\",\"lastTransitionTime\":\""
            + started.plusSeconds(30)
            + "\",\"reason\":\"CompletionsReached\",\"message\":\"Reached expected number of"
            + " succeeded pods\"},{\"type\":\"Complete\",\"status\":\"True\",\"lastProbeTime\":\""
            + started.plusSeconds(30)
            + "\",\"lastTransitionTime\":\""
            + started.plusSeconds(30)
            + "\",\"reason\":\"CompletionsReached\",\"message\":\"Reached expected number of"
            + " succeeded pods\"}]}}";
    HttpCalls.send(
        http,
        HttpCalls.mergePatch(
            jobs + "/template/status?fieldManager=job-controller", status, timeout()));
    ObjectNode stored =
        (ObjectNode)
            JSON.readTree(HttpCalls.send(http, HttpCalls.get(jobs + "/template", timeout())));
    ((ObjectNode) stored.get("metadata")).remove("resourceVersion");
    // Only its copies stay.
    HttpCalls.send(
        http,
        HttpRequest.newBuilder(URI.create(jobs + "/template?propagationPolicy=Background"))
            .timeout(timeout())
            .DELETE()
            .build());
    return stored;
  }

  /** Job {@code i}: the template with its own name, namespace, uid and labels. */
  private ObjectNode copy(ObjectNode template, int i) {
    ObjectNode job = template.deepCopy();
    String uid = UUID.randomUUID().toString();
    ObjectNode meta = (ObjectNode) job.get("metadata");
    meta.put("name", name(i));
    meta.put("namespace", namespace(i % settings.namespaces));
    meta.put("uid", uid);
    relabel((ObjectNode) meta.get("labels"), uid, name(i));
    ObjectNode spec = (ObjectNode) job.get("spec");
    ObjectNode selector = (ObjectNode) spec.path("selector").path("matchLabels");
    if (selector.has("batch.kubernetes.io/controller-uid")) {
      selector.put("batch.kubernetes.io/controller-uid", uid);
    }
    if (selector.has("controller-uid")) {
      selector.put("controller-uid", uid);
    }
    relabel((ObjectNode) spec.path("template").path("metadata").path("labels"), uid, name(i));
    return job;
  }

  private static void relabel(ObjectNode labels, String uid, String name) {
    for (String key : List.of("batch.kubernetes.io/controller-uid", "controller-uid")) {
      if (labels.has(key)) {
        labels.put(key, uid);
      }
    }
    for (String key : List.of("batch.kubernetes.io/job-name", "job-name")) {
      if (labels.has(key)) {
        labels.put(key, name);
      }
    }
  }

  private static String namespace(int n) {
    return "p5-" + n;
  }

  private static String name(int i) {
    return String.format(Locale.ROOT, "report-%06d", i);
  }

  private Duration timeout() {
    return settings.timeout;
  }

  /** What the baseline measured: reading the rows, and decoding them. */
  private record Baseline(double readSeconds, double decodeSeconds, long rows, long bytes) {}

  /**
   * Reads the live row of every Job straight from the file with sqlite-jdbc (the query the store's
   * list runs), then decodes each value into a fabric8 Job with Jackson: the least a server on this
   * store does to have every Job in hand. Run {@code bench.p5.lists} times; the median counts.
   */
  private Baseline baseline(Path db) throws Exception {
    String prefix = JobStrategy.JOBS.keyPrefix();
    double[] reads = new double[settings.lists];
    double[] decodes = new double[settings.lists];
    long rows = 0;
    long bytes = 0;
    for (int r = 0; r < settings.lists; r++) {
      List<byte[]> values = new ArrayList<>(settings.jobs);
      long start = System.nanoTime();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          PreparedStatement s =
              c.prepareStatement(
                  "SELECT kv.value FROM kv JOIN (SELECT MAX(id) AS mid FROM kv WHERE name >= ?"
                      + " AND name < ? GROUP BY name) m ON kv.id = m.mid WHERE kv.deleted = 0"
                      + " ORDER BY kv.name")) {
        s.setString(1, prefix);
        s.setString(
            2,
            prefix.substring(0, prefix.length() - 1)
                + (char) (prefix.charAt(prefix.length() - 1) + 1));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            values.add(rs.getBytes(1));
          }
        }
      }
      long read = System.nanoTime();
      bytes = 0;
      for (byte[] v : values) {
        Job job = Codecs.JSON.readValue(v, Job.class);
        bytes += v.length;
        if (job.getMetadata() == null) {
          throw new IllegalStateException("a stored Job has no metadata");
        }
      }
      long decoded = System.nanoTime();
      rows = values.size();
      reads[r] = (read - start) / 1e9;
      decodes[r] = (decoded - read) / 1e9;
    }
    if (rows != settings.jobs) {
      throw new IllegalStateException("the store holds " + rows + " Jobs, not " + settings.jobs);
    }
    return new Baseline(median(reads), median(decodes), rows, bytes);
  }

  private void measureServer(Path dir, Baseline base) throws Exception {
    List<String> jvm = List.of("-Xmx" + settings.maxHeap, "-XX:+UseG1GC");
    // The first start on the filled store also makes the data dir's CA, certificate and token.
    double firstReady;
    long firstStart = System.nanoTime();
    try (ChildServer first = ChildServer.start(dir, jvm, List.of())) {
      firstReady = awaitReady(first, firstStart);
    }
    long start = System.nanoTime();
    ChildServer server = ChildServer.start(dir, jvm, List.of());
    try {
      double serving = (System.nanoTime() - start) / 1e9;
      double ready = awaitReady(server, start);
      report
          .line("figure=restart")
          .put("jobs", settings.jobs)
          .put("serving_s", serving)
          .put("ready_s", ready)
          .put(
              "ready_definition",
              "process start -> /readyz ok and GET /apis/batch/v1/jobs?limit=500 served")
          .target("ready_s<=5", ready <= 5);
      // Full lists: every Job in one answer, then in pages of 500 as kubectl lists.
      double[] full = new double[settings.lists];
      double[] paged = new double[settings.lists];
      long fullBytes = 0;
      for (int r = 0; r < settings.lists; r++) {
        long t0 = System.nanoTime();
        byte[] body = get(server, "/apis/batch/v1/jobs");
        full[r] = (System.nanoTime() - t0) / 1e9;
        fullBytes = body.length;
        if (r == 0) {
          long items = countItems(body);
          if (items != settings.jobs) {
            throw new IllegalStateException(
                "the full list held " + items + " Jobs, not " + settings.jobs);
          }
        }
        t0 = System.nanoTime();
        long items = pagedList(server, 500);
        paged[r] = (System.nanoTime() - t0) / 1e9;
        if (items != settings.jobs) {
          throw new IllegalStateException(
              "the paged list held " + items + " Jobs, not " + settings.jobs);
        }
      }
      double fullMedian = median(full);
      double baseTotal = base.readSeconds() + base.decodeSeconds();
      report
          .line("figure=list")
          .put("jobs", settings.jobs)
          .put("full_list_s", fullMedian)
          .put("full_list_first_s", full[0])
          .put("full_list_mb", fullBytes / 1e6)
          .put("paged_500_s", median(paged))
          .put("baseline", "sqlite-jdbc-read+jackson-decode")
          .put("baseline_read_s", base.readSeconds())
          .put("baseline_decode_s", base.decodeSeconds())
          .put("baseline_s", baseTotal)
          .put("ratio", fullMedian / baseTotal)
          .target("full_list_s<=1", fullMedian <= 1);
      long[] heap = heapAfterGc(server.pid());
      double usedMb = heap[1] / 1024.0;
      report
          .line("figure=heap")
          .put("jobs", settings.jobs)
          .put("heap_used_after_gc_mb", usedMb)
          .put("heap_committed_mb", heap[0] / 1024.0)
          .put("max_heap", settings.maxHeap)
          .put("baseline_stored_mb", base.bytes() / 1e6)
          .target("heap_used_mb<=1024", usedMb <= 1024);
      report.setting("first_start_ready_s", firstReady);
    } finally {
      server.close();
    }
  }

  /**
   * Polls {@code /readyz} until it answers 200, then lists the first page of Jobs; returns the
   * seconds from {@code start} to that list's answer read.
   */
  private double awaitReady(ChildServer server, long start) throws Exception {
    long deadline = System.nanoTime() + settings.timeout.toNanos();
    while (true) {
      HttpResponse<byte[]> r =
          http.send(request(server, "/readyz"), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 200) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "/readyz answered " + r.statusCode() + " until the timeout");
      }
      Thread.sleep(10);
    }
    get(server, "/apis/batch/v1/jobs?limit=500");
    return (System.nanoTime() - start) / 1e9;
  }

  private HttpRequest request(ChildServer server, String path) {
    return HttpRequest.newBuilder(URI.create(server.insecureUrl() + path))
        .timeout(settings.timeout)
        .header("Authorization", "Bearer " + server.token())
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  private byte[] get(ChildServer server, String path) throws Exception {
    return HttpCalls.send(http, request(server, path));
  }

  /** Lists every Job in pages of {@code limit}; returns how many it got. */
  private long pagedList(ChildServer server, int limit) throws Exception {
    long items = 0;
    String next = "";
    do {
      String path =
          "/apis/batch/v1/jobs?limit="
              + limit
              + (next.isEmpty()
                  ? ""
                  : "&continue="
                      + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
      JsonNode page = JSON.readTree(get(server, path));
      items += page.path("items").size();
      next = page.path("metadata").path("continue").asString("");
    } while (!next.isEmpty());
    return items;
  }

  /** The number of elements of the top-level {@code items} array, read as a stream. */
  private static long countItems(byte[] list) {
    try (JsonParser p = JSON.createParser(list)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("items")) {
          p.skipChildren();
          continue;
        }
        long n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          p.skipChildren();
          n++;
        }
        return n;
      }
      return 0;
    }
  }

  /** {@code jcmd GC.run}, then {@code GC.heap_info}: committed and used heap, in KiB. */
  private static long[] heapAfterGc(long pid) throws Exception {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    String jcmd = java.resolveSibling("jcmd").toString();
    jcmd(jcmd, pid, "GC.run");
    String info = jcmd(jcmd, pid, "GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no heap figures in jcmd GC.heap_info: " + info);
    }
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }

  private static String jcmd(String jcmd, long pid, String command) throws Exception {
    Process p =
        new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** What to run, from system properties, all optional (bench/README.md lists them). */
  record Settings(
      int jobs, int namespaces, int lists, String maxHeap, Duration timeout, String dir) {
    static Settings fromSystemProperties() {
      Settings s =
          new Settings(
              Integer.getInteger("bench.p5.jobs", 100_000),
              Integer.getInteger("bench.p5.namespaces", 10),
              Integer.getInteger("bench.p5.lists", 3),
              System.getProperty("bench.p5.maxHeap", "1g"),
              Duration.ofSeconds(Integer.getInteger("bench.p5.timeoutSeconds", 300)),
              System.getProperty("bench.p5.dir"));
      if (s.jobs < 1 || s.namespaces < 1 || s.lists < 1) {
        throw new IllegalArgumentException("bench.p5 counts must be positive");
      }
      return s;
    }

    void describe(PerfReport report) {
      report
          .setting("jobs", jobs)
          .setting("namespaces", namespaces)
          .setting("lists", lists)
          .setting("server_jvm", "-Xmx" + maxHeap + " -XX:+UseG1GC, packaged jar, whole server");
      System.out.println(
          "# P5 settings: jobs=" + jobs + " namespaces=" + namespaces + " lists=" + lists);
    }
  }
}
