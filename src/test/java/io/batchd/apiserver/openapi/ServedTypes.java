package io.batchd.apiserver.openapi;

import io.batchd.registry.Registries;
import io.batchd.registry.ResourceType;
import io.batchd.registry.batch.JobStrategy;
import java.util.List;

/**
 * The resource types the OpenAPI tests serve: Namespaces and Jobs, as the registries declare them.
 */
final class ServedTypes {
  static final List<ResourceType<?>> ALL = List.of(Registries.NAMESPACES, JobStrategy.JOBS);

  private ServedTypes() {}
}
