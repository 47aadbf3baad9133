package io.batchd.registry;

import io.batchd.registry.batch.JobStrategy;

/** The resources batchd serves, added to a set of registries in one place. */
public final class ApiResources {
  private ApiResources() {}

  public static Registries register(Registries registries) {
    registries.add(JobStrategy.JOBS, new JobStrategy());
    return registries;
  }
}
