package io.batchd.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two HTTP servers driven by the same load generator in the same run: both warm up with the same
 * requests (a fraction of the timed ones), then the timed requests are split into rounds in which
 * the baseline and the measured server take turns, so that a disturbance from outside lands on one
 * round of each rather than on one figure. Throughput is the median round's; latencies are over
 * every timed request of every round.
 *
 * <p>The clients are virtual threads started together by {@link Load}, each with a {@link
 * HttpClient} of its own (so one connection per client per server), each sending its next request
 * when its previous answer has been read in full. The first failure ends the run.
 */
final class HeadToHead {
  private final HttpClient[] clients;
  private final int rounds;
  private final double warmup;
  private final Duration timeout;

  /**
   * @param clients one HTTP client per load generator thread, at least as many as any figure uses
   * @param rounds the rounds the timed requests are split into
   * @param warmup warm-up requests, as a fraction of the timed ones
   * @param timeout the longest one run (warm-up or round of one server) may take
   */
  HeadToHead(HttpClient[] clients, int rounds, double warmup, Duration timeout) {
    this.clients = clients;
    this.rounds = rounds;
    this.warmup = warmup;
    this.timeout = timeout;
  }

  int rounds() {
    return rounds;
  }

  /** The timed runs of both servers for one figure. */
  record Result(Runs measured, Runs baseline) {}

  /**
   * Warms {@code baseline} and {@code measured} up, then times them in turns, {@code perWorker}
   * requests per client per round.
   *
   * @param tag unique to the figure, for the names of created objects
   * @param bytes passed to the workloads (the baseline of ApiBench sizes its answers with it)
   */
  Result measure(
      String op,
      String tag,
      int clientCount,
      int perWorker,
      Target baseline,
      Target measured,
      int bytes,
      Workload.Factory workloads)
      throws Exception {
    int warmPerWorker = Math.max(1, (int) Math.round(perWorker * rounds * warmup));
    System.err.printf(
        "%s, %d client(s): warm-up %d, then %d round(s) of %d requests each%n",
        op, clientCount, warmPerWorker * clientCount, rounds, perWorker * clientCount);
    Runs base = new Runs();
    Runs mine = new Runs();
    run(baseline, tag, "wu", clientCount, warmPerWorker, bytes, workloads, null);
    run(measured, tag, "wu", clientCount, warmPerWorker, bytes, workloads, null);
    for (int round = 1; round <= rounds; round++) {
      run(baseline, tag, "r" + round, clientCount, perWorker, bytes, workloads, base);
      run(measured, tag, "r" + round, clientCount, perWorker, bytes, workloads, mine);
    }
    return new Result(mine, base);
  }

  /** One run of a workload; a failure in it ends the whole benchmark. */
  private void run(
      Target target,
      String tag,
      String phase,
      int clientCount,
      int perWorker,
      int bytes,
      Workload.Factory workloads,
      Runs into)
      throws Exception {
    // Names of created objects: unique per figure and phase, short enough for a Job (63
    // characters).
    Workload workload = workloads.make(target, bytes, tag + "-" + phase);
    long[][] latencies = new long[clientCount][perWorker];
    long[][] extra = new long[clientCount][perWorker];
    Load.Result result =
        Load.run(
            clientCount,
            perWorker,
            timeout,
            worker -> {
              Workload.Request request = workload.prepare(worker, extra[worker]);
              HttpClient client = clients[worker];
              long[] mine = latencies[worker];
              return n -> mine[n] = request.run(client, n);
            });
    if (result.failure() != null) {
      throw failed(tag + " " + phase + " against " + target.name(), result.failure());
    }
    if (into != null) {
      into.add(result, latencies, extra);
    }
  }

  static Exception failed(String what, Throwable failure) {
    return new IllegalStateException(what + " failed: " + failure, failure);
  }

  /**
   * A server under test. A {@code sized} one (ApiBench's static baseline) is told through the query
   * parameter {@code bytes} how large its answer must be.
   */
  record Target(String name, String base, boolean sized) {
    String url(String pathAndQuery, int bytes) {
      if (!sized) {
        return base + pathAndQuery;
      }
      return base + pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?") + "bytes=" + bytes;
    }

    String url(String pathAndQuery) {
      return url(pathAndQuery, 0);
    }

    /** The same address as a WebSocket one ({@code ws://}). */
    String webSocketUrl(String pathAndQuery) {
      return url(pathAndQuery).replaceFirst("^http", "ws");
    }
  }

  /** What one client repeats, made for each server and run. */
  @FunctionalInterface
  interface Workload {
    /**
     * Prepares client number {@code worker} before the clock starts. A request may note a second
     * time of its own (in nanoseconds) in {@code extra}, at the index of its {@code n}.
     */
    Request prepare(int worker, long[] extra) throws Exception;

    /** One timed request; returns the latency it measured, in nanoseconds. */
    @FunctionalInterface
    interface Request {
      long run(HttpClient client, int n) throws Exception;
    }

    /**
     * Makes the workload for a server; {@code bytes} is passed through from {@link #measure},
     * {@code run} is unique to the run, for names.
     */
    @FunctionalInterface
    interface Factory {
      Workload make(Target target, int bytes, String run);
    }
  }

  /** The timed runs (rounds) of one server for one figure. */
  static final class Runs {
    private final Rounds rounds = new Rounds();
    private final List<long[][]> latencies = new ArrayList<>();
    private final List<long[][]> extras = new ArrayList<>();

    void add(Load.Result result, long[][] latency, long[][] extra) {
      rounds.add(result);
      latencies.add(latency);
      extras.add(extra);
    }

    long ops() {
      return rounds.ops();
    }

    double seconds() {
      return rounds.seconds();
    }

    List<Double> rates() {
      return rounds.rates();
    }

    double medianRate() {
      return rounds.medianRate();
    }

    /** Every latency of every round, sorted, in nanoseconds. */
    long[] sortedLatencies() {
      return sorted(latencies);
    }

    /** Every extra time noted in every round, sorted, in nanoseconds. */
    long[] sortedExtras() {
      return sorted(extras);
    }

    private static long[] sorted(List<long[][]> rounds) {
      return rounds.stream()
          .flatMap(Arrays::stream)
          .flatMapToLong(Arrays::stream)
          .sorted()
          .toArray();
    }
  }
}
