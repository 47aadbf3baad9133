package io.batchd.apiserver;

import io.batchd.registry.Registry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;

/**
 * The API server's managed-fields step of a create ({@link ManagedWrites#recordCreate}), opened to
 * the JMH benchmarks in {@code io.batchd.bench.jmh}: the class is package-private, and the
 * benchmarks measure the server's own code rather than a copy of it.
 */
public final class ManagedFieldsForBench<T extends HasMetadata> {
  private final ManagedWrites<T> writes;

  public ManagedFieldsForBench(Registry<T> registry, Clock clock) {
    this.writes = new ManagedWrites<>(registry, clock);
  }

  /** Defaults {@code object} and records {@code manager} as the owner of every field it sets. */
  public void recordCreate(T object, String manager) {
    writes.recordCreate(object, manager);
  }
}
