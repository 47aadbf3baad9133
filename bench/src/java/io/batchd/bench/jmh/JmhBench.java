package io.batchd.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of this package through JMH's {@link Runner}: {@code scripts/bench jmh
 * [JMH arguments]}. Arguments are JMH's own ({@code -h} lists them), such as a regular expression
 * choosing benchmarks; what they leave unset gets this run's defaults, sized for a 2-core machine
 * (see {@link Size}), with the results as JMH JSON in {@code bench/results/jmh-<UTC stamp>.json}.
 *
 * <p>JMH's progress goes to stderr. Stdout gets one line per benchmark and parameter set: {@code
 * JMH bench=CodecBench.decodeJob score=... unit=us/op error=... mode=avgt samples=...}, followed
 * for a benchmark with a {@link ComparedTo baseline} by {@code baseline=... baseline_score=...
 * ratio=...}, the ratio being the benchmark's cost per operation over the baseline's. Lines
 * starting with {@code #} are comments. The run stops at the first benchmark that throws (JMH's
 * {@code -foe true}) and exits non-zero; no figure is printed that was not measured in the run.
 */
public final class JmhBench {
  private static final String PACKAGE = JmhBench.class.getPackageName() + ".";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * How long each benchmark runs when the command line does not say: forks, then warm-up and
   * measured iterations with their length. {@code -Dbench.jmh.quick=true} for a smoke run, {@code
   * -Dbench.jmh.full=true} for figures to compare with care; JMH's {@code -f}, {@code -wi}, {@code
   * -w}, {@code -i} and {@code -r} override any of them.
   */
  enum Size {
    QUICK(1, 2, TimeValue.milliseconds(500), 3, TimeValue.milliseconds(500)),
    DEFAULT(1, 3, TimeValue.seconds(1), 5, TimeValue.seconds(1)),
    FULL(3, 5, TimeValue.seconds(2), 10, TimeValue.seconds(2));

    final int forks;
    final int warmupIterations;
    final TimeValue warmupTime;
    final int iterations;
    final TimeValue iterationTime;

    Size(
        int forks,
        int warmupIterations,
        TimeValue warmupTime,
        int iterations,
        TimeValue iterationTime) {
      this.forks = forks;
      this.warmupIterations = warmupIterations;
      this.warmupTime = warmupTime;
      this.iterations = iterations;
      this.iterationTime = iterationTime;
    }

    static Size fromSystemProperties() {
      if (Boolean.getBoolean("bench.jmh.quick")) {
        return QUICK;
      }
      return Boolean.getBoolean("bench.jmh.full") ? FULL : DEFAULT;
    }
  }

  private JmhBench() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cmd;
    try {
      cmd = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("bad JMH arguments: " + e.getMessage() + " (-h lists them)");
      System.exit(2);
      return;
    }
    if (cmd.shouldHelp()
        || cmd.shouldList()
        || cmd.shouldListWithParams()
        || cmd.shouldListProfilers()
        || cmd.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    Size size = Size.fromSystemProperties();
    Instant started = Instant.now();
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
    if (!cmd.getForkCount().hasValue()) {
      options.forks(size.forks);
    }
    if (!cmd.getWarmupIterations().hasValue()) {
      options.warmupIterations(size.warmupIterations);
    }
    if (!cmd.getWarmupTime().hasValue()) {
      options.warmupTime(size.warmupTime);
    }
    if (!cmd.getMeasurementIterations().hasValue()) {
      options.measurementIterations(size.iterations);
    }
    if (!cmd.getMeasurementTime().hasValue()) {
      options.measurementTime(size.iterationTime);
    }
    if (!cmd.shouldFailOnError().hasValue()) {
      options.shouldFailOnError(true);
    }
    Path resultFile = null;
    if (!cmd.getResultFormat().hasValue()) {
      options.resultFormat(ResultFormatType.JSON);
    }
    if (!cmd.getResult().hasValue()) {
      ResultFormatType format = cmd.getResultFormat().orElse(ResultFormatType.JSON);
      Path dir = Path.of(System.getProperty("bench.results.dir", "bench/results"));
      Files.createDirectories(dir);
      resultFile =
          dir.resolve(
              "jmh-" + STAMP.format(started) + "." + format.name().toLowerCase(Locale.ROOT));
      options.result(resultFile.toString());
    }

    System.out.printf(
        Locale.ROOT,
        "# batchd JMH benchmarks: size=%s (forks, warm-up and measurement unless the arguments say),"
            + " java=%s, cpus=%d, load_average_1m=%s%n",
        size.name().toLowerCase(Locale.ROOT),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    VerboseMode verbosity = cmd.verbosity().orElse(VerboseMode.NORMAL);
    Collection<RunResult> results =
        new Runner(options.build(), OutputFormatFactory.createFormatInstance(System.err, verbosity))
            .run();
    List<RunResult> all = new ArrayList<>(results);
    for (RunResult result : all) {
      System.out.println(summary(result, all));
    }
    System.out.println("# load_average_1m at the end: " + loadAverage());
    System.out.println(
        "# results: " + (resultFile != null ? resultFile : cmd.getResult().get()) + " (JMH)");
  }

  /** The summary line of one benchmark and parameter set. */
  static String summary(RunResult result, List<RunResult> all) {
    BenchmarkParams params = result.getParams();
    Result<?> primary = result.getPrimaryResult();
    StringBuilder line = new StringBuilder("JMH bench=").append(shortName(params.getBenchmark()));
    for (String key : params.getParamsKeys()) {
      line.append(' ').append(key).append('=').append(params.getParam(key));
    }
    line.append(" score=")
        .append(number(primary.getScore()))
        .append(" unit=")
        .append(primary.getScoreUnit())
        .append(" error=")
        .append(number(primary.getScoreError()))
        .append(" mode=")
        .append(params.getMode().shortLabel())
        .append(" samples=")
        .append(primary.getSampleCount());
    Optional<String> baselineName = baselineOf(params.getBenchmark());
    if (baselineName.isPresent()) {
      String baseline = baselineName.get();
      line.append(" baseline=").append(shortName(baseline));
      Optional<RunResult> measured = find(all, baseline, params);
      if (measured.isPresent()) {
        double base = measured.get().getPrimaryResult().getScore();
        double score = primary.getScore();
        // Cost per operation over the baseline's, whatever the mode reports.
        double ratio = params.getMode() == Mode.Throughput ? base / score : score / base;
        line.append(" baseline_score=")
            .append(number(base))
            .append(" ratio=")
            .append(number(ratio));
      } else {
        line.append(" baseline_score=NA ratio=NA");
      }
    }
    return line.toString();
  }

  /** The fully qualified name of the baseline a benchmark names with {@link ComparedTo}. */
  private static Optional<String> baselineOf(String benchmark) {
    int dot = benchmark.lastIndexOf('.');
    String className = benchmark.substring(0, dot);
    String methodName = benchmark.substring(dot + 1);
    try {
      for (Method m : Class.forName(className).getMethods()) {
        ComparedTo comparedTo = m.getAnnotation(ComparedTo.class);
        if (m.getName().equals(methodName) && comparedTo != null) {
          return Optional.of(className + "." + comparedTo.value());
        }
      }
      return Optional.empty();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("benchmark class not found: " + className, e);
    }
  }

  /**
   * The baseline's result measured with the same mode and the same values of the parameters it has.
   */
  private static Optional<RunResult> find(
      List<RunResult> all, String benchmark, BenchmarkParams like) {
    for (RunResult r : all) {
      BenchmarkParams p = r.getParams();
      if (!p.getBenchmark().equals(benchmark) || p.getMode() != like.getMode()) {
        continue;
      }
      boolean same = true;
      for (String key : p.getParamsKeys()) {
        same &= p.getParam(key).equals(like.getParam(key));
      }
      if (same) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static String shortName(String benchmark) {
    return benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark;
  }

  private static String number(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return "NA";
    }
    double abs = Math.abs(x);
    String pattern = abs >= 100 ? "%.1f" : abs >= 1 ? "%.3f" : "%.4f";
    return String.format(Locale.ROOT, pattern, x);
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "NA" : String.format(Locale.ROOT, "%.2f", load);
  }
}
