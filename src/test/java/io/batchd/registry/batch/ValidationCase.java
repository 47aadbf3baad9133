package io.batchd.registry.batch;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.function.Consumer;

/**
 * One row of a validation table: how to break a valid Job (before defaulting, and after it for
 * fields that defaulting would fill), and the exact messages upstream gives.
 */
record ValidationCase(
    String name, Consumer<Job> before, Consumer<Job> after, List<String> expected) {

  static ValidationCase row(String name, Consumer<Job> before, String... expected) {
    return new ValidationCase(name, before, j -> {}, List.of(expected));
  }

  static ValidationCase rowAfterDefaults(String name, Consumer<Job> after, String... expected) {
    return new ValidationCase(name, j -> {}, after, List.of(expected));
  }

  /** The Job this row describes, ready for create validation. */
  Job job() {
    Job job = TestJobs.created(before);
    after.accept(job);
    return job;
  }

  @Override
  public String toString() {
    return name;
  }
}
