package io.batchd.bench.jmh;

import io.batchd.bench.BenchSupport;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.registry.Registry;
import io.batchd.registry.batch.JobStrategy;
import io.batchd.registry.core.PodStrategy;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The server's storage and registries without HTTP, as {@code BatchdServer} wires them: the SQLite
 * store with {@link SqliteOptions#defaults()} in a temporary directory, every resource registered
 * and the initial namespaces created. Closing it closes the store and deletes the directory.
 */
final class BenchApi implements AutoCloseable {
  private final Path dir;
  private final SqliteStore store;
  private final Registries registries;

  private BenchApi(Path dir) {
    this.dir = dir;
    this.store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    this.registries = ApiResources.register(new Registries(store, clock()));
    registries.bootstrap();
  }

  static BenchApi open() {
    try {
      return new BenchApi(Files.createTempDirectory("batchd-jmh-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Clock clock() {
    return Clock.systemUTC();
  }

  SqliteStore store() {
    return store;
  }

  Registry<Job> jobs() {
    return registries.registry(JobStrategy.JOBS);
  }

  Registry<Pod> pods() {
    return registries.registry(PodStrategy.PODS);
  }

  @Override
  public void close() {
    registries.close();
    store.close();
    try {
      BenchSupport.deleteRecursively(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
