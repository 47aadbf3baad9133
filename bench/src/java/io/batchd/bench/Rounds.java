package io.batchd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The timed rounds of one workload, in order, and what the figures take from them. */
final class Rounds {
  private final List<Load.Result> results = new ArrayList<>();

  void add(Load.Result result) {
    results.add(result);
  }

  /** The first failure of any round, or null. */
  Throwable failure() {
    return results.stream()
        .map(Load.Result::failure)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  long ops() {
    return results.stream().mapToLong(Load.Result::ops).sum();
  }

  double seconds() {
    return results.stream().mapToDouble(Load.Result::seconds).sum();
  }

  List<Double> rates() {
    return results.stream().map(r -> BenchSupport.round(r.opsPerSecond(), 1)).toList();
  }

  /** The median round's rate: one round slowed by something outside does not move it. */
  double medianRate() {
    double[] rates = results.stream().mapToDouble(Load.Result::opsPerSecond).sorted().toArray();
    int mid = rates.length / 2;
    return rates.length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
  }
}
