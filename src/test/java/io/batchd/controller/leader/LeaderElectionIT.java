package io.batchd.controller.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.apiserver.ServingOptions;
import io.batchd.cli.BatchdServer;
import io.batchd.cli.Workloads;
import io.batchd.client.ResourceClient;
import io.batchd.store.Store;
import io.batchd.store.StoreFactory;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.testing.EtcdProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one etcd: only the holder of the controllers' Lease runs the controllers; when it
 * goes, the other takes over within the lease duration and finishes a Job the first one started.
 */
class LeaderElectionIT {
  private static final LeaderElectionOptions FAST =
      new LeaderElectionOptions(
          true, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200));

  @TempDir Path dirA;
  @TempDir Path dirB;
  private EtcdProcess etcd;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void startEtcd() {
    etcd = EtcdProcess.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    etcd.close();
  }

  private BatchdServer server(Path dir, boolean localNode, String nodeName) {
    Store store = StoreFactory.open(etcd.storeLocation(), dir, SqliteOptions.defaults());
    toClose.add(store);
    BatchdServer server =
        BatchdServer.start(
            store,
            ServingOptions.plain("127.0.0.1", 0),
            dir,
            new Workloads(
                localNode,
                nodeName,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10)),
            Clock.systemUTC(),
            FAST);
    toClose.add(server);
    return server;
  }

  @Test
  void onlyTheLeaderRunsControllersAndAnotherServerTakesOverAJobWhenItGoes() {
    // A runs no pods, so that B's node agent carries on with them when A goes.
    BatchdServer a = server(dirA, false, null);
    await("A leads").atMost(Duration.ofSeconds(10)).until(a::runsControllers);
    BatchdServer b = server(dirB, true, "node-b");
    ResourceClient<Lease> leases = b.client().resources(Lease.class);
    ResourceClient<Job> jobs = b.client().resources(Job.class);
    ResourceClient<Pod> pods = b.client().resources(Pod.class);

    Job created = jobs.create(job());
    await("A created the first pod")
        .atMost(Duration.ofSeconds(20))
        .until(() -> !pods.list("default", io.batchd.client.Selectors.ALL).items().isEmpty());
    assertThat(b.runsControllers()).as("B runs no controllers while A leads").isFalse();
    assertThat(holder(leases)).isEqualTo(a.leaderIdentity());

    long closed = System.nanoTime();
    a.close();
    toClose.remove(a);
    await("B leads").atMost(Duration.ofSeconds(10)).until(b::runsControllers);
    assertThat(Duration.ofNanos(System.nanoTime() - closed))
        .as("took over within the lease duration")
        .isLessThanOrEqualTo(FAST.leaseDuration());
    Lease lease = leases.get("kube-system", "batchd-controllers").orElseThrow();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(b.leaderIdentity());
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(3);
    assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);

    Job done =
        await("the job completes under B")
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> jobs.get("default", created.getMetadata().getName()).orElseThrow(),
                j ->
                    j.getStatus() != null
                        && j.getStatus().getConditions() != null
                        && j.getStatus().getConditions().stream()
                            .anyMatch(
                                c ->
                                    c.getType().equals("Complete")
                                        && c.getStatus().equals("True")));
    assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
    assertThat(done.getStatus().getFailed()).isNull();
  }

  private static String holder(ResourceClient<Lease> leases) {
    return leases
        .get("kube-system", "batchd-controllers")
        .orElseThrow()
        .getSpec()
        .getHolderIdentity();
  }

  private static Job job() {
    return new JobBuilder()
        .withNewMetadata()
        .withName("handover")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withCompletions(3)
        .withParallelism(1)
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand("/bin/sh", "-c", "sleep 0.5")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
