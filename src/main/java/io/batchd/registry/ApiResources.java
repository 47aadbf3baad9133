package io.batchd.registry;

import io.batchd.registry.batch.JobStrategy;
import io.batchd.registry.cloudrun.CloudRunResources;
import io.batchd.registry.cloudrun.RunExecutionStrategy;
import io.batchd.registry.cloudrun.RunJobStrategy;
import io.batchd.registry.coordination.LeaseStrategy;
import io.batchd.registry.core.EventStrategy;
import io.batchd.registry.core.NodeStrategy;
import io.batchd.registry.core.PodStrategy;

/** The resources batchd serves, added to a set of registries in one place. */
public final class ApiResources {
  private ApiResources() {}

  public static Registries register(Registries registries) {
    registries.add(JobStrategy.JOBS, new JobStrategy());
    registries.add(PodStrategy.PODS, new PodStrategy());
    registries.add(NodeStrategy.NODES, new NodeStrategy());
    registries.add(EventStrategy.EVENTS, new EventStrategy());
    registries.add(LeaseStrategy.LEASES, new LeaseStrategy());
    registries.addUnlisted(CloudRunResources.JOBS, new RunJobStrategy());
    registries.addUnlisted(CloudRunResources.EXECUTIONS, new RunExecutionStrategy());
    return registries;
  }
}
