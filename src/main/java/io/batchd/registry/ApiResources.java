package io.batchd.registry;

/** The resources batchd serves, added to a set of registries in one place. */
public final class ApiResources {
  private ApiResources() {}

  public static Registries register(Registries registries) {
    return registries;
  }
}
