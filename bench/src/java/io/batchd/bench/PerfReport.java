package io.batchd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one of DESIGN.md's performance targets (P1..P6) measured in one run, and its three outputs:
 * one machine-readable summary line per figure on stdout ({@code P1 pods_per_s=812.3
 * baseline_spawn_per_s=1500.2 ratio=0.54 target=... met=true}), a JSON file with every figure,
 * sample summary and setting, and a PNG plot next to it ({@link PerfPlot}).
 *
 * <p>A benchmark adds figures as it measures them, so a run that fails half-way still writes what
 * it measured, with the failure ({@link #failed}); no figure is printed that was not measured.
 */
final class PerfReport {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String target;
  private final String title;
  private final Instant started = Instant.now();
  private final Map<String, Object> settings = new LinkedHashMap<>();
  private final List<Line> lines = new ArrayList<>();
  private final Map<String, Samples> latencies = new LinkedHashMap<>();
  private final Map<String, double[]> timelines = new LinkedHashMap<>();
  private String failure;

  /**
   * @param target the target's name as DESIGN.md gives it, such as {@code P1}
   * @param title what it measures, for the plot and the JSON
   */
  PerfReport(String target, String title) {
    this.target = target;
    this.title = title;
  }

  String target() {
    return target;
  }

  /** A setting of this run (counts, sizes), for the JSON. */
  PerfReport setting(String name, Object value) {
    settings.put(name, value);
    return this;
  }

  /**
   * Starts a summary line: {@code P1 <key>=<value> ...}. {@code label} tells lines of the same
   * target apart (such as {@code op=create}); null for the target's only line.
   */
  Line line(String label) {
    Line line = new Line(target, label);
    lines.add(line);
    return line;
  }

  /**
   * Latency samples of one series (such as {@code batchd create} or {@code baseline create}), in
   * nanoseconds: kept for the plot of their distribution, summarised in the JSON.
   */
  Samples latencies(String series, long[] nanos) {
    Samples samples = new Samples(nanos);
    latencies.put(series, samples);
    return samples;
  }

  /**
   * When each of a series' events happened, in seconds from the run's start (such as each pod's
   * completion): plotted as throughput over time.
   */
  void timeline(String series, double[] secondsFromStart) {
    double[] copy = secondsFromStart.clone();
    Arrays.sort(copy);
    timelines.put(series, copy);
  }

  /** Records why the run stopped early; {@link #write} still writes what was measured. */
  void failed(Throwable e) {
    failure = e.getClass().getName() + ": " + e.getMessage();
  }

  boolean hasFailed() {
    return failure != null;
  }

  /**
   * Prints the summary lines and writes {@code <dir>/<target>-<stamp>.json} and {@code .png}, with
   * {@code dir} from {@code bench.results.dir} (default {@code bench/results}). Returns the JSON
   * file.
   */
  Path write() throws IOException {
    for (Line line : lines) {
      System.out.println(line.render());
    }
    if (failure != null) {
      System.out.println("# " + target + " failed: " + failure);
    }
    Path dir = Path.of(System.getProperty("bench.results.dir", "bench/results"));
    Files.createDirectories(dir);
    String base = target.toLowerCase(Locale.ROOT) + "-" + STAMP.format(started);
    Path json = dir.resolve(base + ".json");
    JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build()
        .writeValue(json.toFile(), toJson());
    if (!latencies.isEmpty() || !timelines.isEmpty()) {
      Path png = dir.resolve(base + ".png");
      PerfPlot.write(png, target + ": " + title, latencies, timelines);
      System.out.println("# " + target + " plot: " + png);
    }
    System.out.println("# " + target + " results: " + json);
    return json;
  }

  private Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target", target);
    out.put("title", title);
    out.put("started", started.toString());
    out.put("machine", machine());
    out.put("settings", settings);
    List<Map<String, Object>> figures = new ArrayList<>();
    for (Line line : lines) {
      Map<String, Object> f = new LinkedHashMap<>();
      if (line.label != null) {
        f.put("label", line.label);
      }
      f.putAll(line.values);
      figures.add(f);
    }
    out.put("figures", figures);
    Map<String, Object> dists = new LinkedHashMap<>();
    latencies.forEach((name, s) -> dists.put(name, s.summary()));
    out.put("latencies", dists);
    Map<String, Object> counts = new LinkedHashMap<>();
    timelines.forEach((name, t) -> counts.put(name, t.length));
    out.put("timelines", counts);
    if (failure != null) {
      out.put("failure", failure);
    }
    return out;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("java", System.getProperty("java.version"));
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    return m;
  }

  /** One summary line: figures in the order they were added. */
  static final class Line {
    private final String target;
    private final String label;
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Line(String target, String label) {
      this.target = target;
      this.label = label;
    }

    Line put(String key, String value) {
      values.put(key, value);
      return this;
    }

    Line put(String key, long value) {
      values.put(key, value);
      return this;
    }

    /** A measured number, rounded to 4 significant decimals in the line (the JSON keeps it all). */
    Line put(String key, double value) {
      values.put(key, value);
      return this;
    }

    /** The target and whether this run met it, as {@code target=<text> met=true|false}. */
    Line target(String text, boolean met) {
      values.put("target", text);
      values.put("met", met);
      return this;
    }

    private String render() {
      StringBuilder sb = new StringBuilder(target);
      if (label != null) {
        sb.append(' ').append(label);
      }
      values.forEach((k, v) -> sb.append(' ').append(k).append('=').append(format(v)));
      return sb.toString();
    }

    private static String format(Object v) {
      if (v instanceof Double d) {
        double abs = Math.abs(d);
        String pattern = abs >= 100 ? "%.1f" : abs >= 1 ? "%.3f" : "%.4f";
        return String.format(Locale.ROOT, pattern, d);
      }
      return String.valueOf(v).replace(' ', '_');
    }
  }

  /** Latency samples, sorted, with their percentiles in milliseconds. */
  static final class Samples {
    private final long[] sorted;

    Samples(long[] nanos) {
      sorted = nanos.clone();
      Arrays.sort(sorted);
    }

    int count() {
      return sorted.length;
    }

    /** The {@code p}-th percentile (0..100) in milliseconds, nearest-rank; NaN when empty. */
    double percentileMs(double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    double maxMs() {
      return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }

    double meanMs() {
      return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(0) / 1e6;
    }

    long[] sortedNanos() {
      return sorted;
    }

    private Map<String, Object> summary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", sorted.length);
      m.put("p50_ms", percentileMs(50));
      m.put("p90_ms", percentileMs(90));
      m.put("p99_ms", percentileMs(99));
      m.put("max_ms", maxMs());
      m.put("mean_ms", meanMs());
      return m;
    }
  }
}
