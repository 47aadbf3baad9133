package io.batchd.controller.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.client.InProcessClient;
import io.batchd.client.ResourceClient;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderElectorTest {
  private static final LeaderElectionOptions FAST =
      new LeaderElectionOptions(
          true, Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(100));

  @TempDir Path dir;
  private SqliteStore store;
  private Registries registries;
  private ResourceClient<Lease> leases;
  private final List<LeaderElector> electors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    registries = ApiResources.register(new Registries(store, Clock.systemUTC()));
    registries.bootstrap();
    leases = new InProcessClient(registries).resources(Lease.class);
  }

  @AfterEach
  void stop() {
    electors.forEach(LeaderElector::close);
    registries.close();
    store.close();
  }

  /** Records what an elector told its owner. */
  private static final class Calls implements LeaderCallbacks {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void startedLeading() {
      seen.add("started");
    }

    @Override
    public void stoppedLeading() {
      seen.add("stopped");
    }
  }

  private LeaderElector elector(String identity, Calls calls) {
    LeaderElector e = new LeaderElector(leases, FAST, identity, Clock.systemUTC(), calls);
    electors.add(e);
    return e.start();
  }

  private LeaseSpec lease() {
    return leases
        .get(LeaderElectionOptions.NAMESPACE, LeaderElectionOptions.LEASE_NAME)
        .orElseThrow()
        .getSpec();
  }

  @Test
  void theFirstCandidateCreatesTheLeaseAndLeadsAlone() {
    Calls a = new Calls();
    Calls b = new Calls();
    LeaderElector first = elector("a", a);
    await().atMost(Duration.ofSeconds(5)).until(first::isLeading);
    LeaderElector second = elector("b", b);

    LeaseSpec spec = lease();
    assertThat(spec.getHolderIdentity()).isEqualTo("a");
    assertThat(spec.getLeaseDurationSeconds()).isEqualTo(2);
    assertThat(spec.getLeaseTransitions()).isZero();
    assertThat(spec.getAcquireTime()).isNotNull();
    ZonedDateTime acquired = spec.getAcquireTime();
    ZonedDateTime renewed = spec.getRenewTime();
    // The leader renews every retry period; the candidate keeps trying and never leads meanwhile.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> lease().getRenewTime().isAfter(renewed.plusNanos(300_000_000)));
    assertThat(lease().getAcquireTime()).isEqualTo(acquired);
    assertThat(lease().getHolderIdentity()).isEqualTo("a");
    assertThat(second.isLeading()).isFalse();
    assertThat(a.seen).containsExactly("started");
    assertThat(b.seen).isEmpty();
  }

  @Test
  void closingTheLeaderReleasesTheLeaseAndAnotherTakesOver() {
    Calls a = new Calls();
    Calls b = new Calls();
    LeaderElector first = elector("a", a);
    await().atMost(Duration.ofSeconds(5)).until(first::isLeading);
    LeaderElector second = elector("b", b);

    first.close();
    assertThat(a.seen).containsExactly("started", "stopped");
    await().atMost(Duration.ofSeconds(5)).until(second::isLeading);
    LeaseSpec spec = lease();
    assertThat(spec.getHolderIdentity()).isEqualTo("b");
    assertThat(spec.getLeaseDurationSeconds()).isEqualTo(2);
    // The release is a transition (a to none), the takeover another, as client-go counts them.
    assertThat(spec.getLeaseTransitions()).isEqualTo(1);
    assertThat(b.seen).containsExactly("started");
  }

  @Test
  void aLeaseNoLongerRenewedIsTakenOverAfterItsDuration() {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    Lease stale = new Lease();
    stale.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    stale.getMetadata().setNamespace(LeaderElectionOptions.NAMESPACE);
    stale.getMetadata().setName(LeaderElectionOptions.LEASE_NAME);
    LeaseSpec spec = new LeaseSpec();
    spec.setHolderIdentity("crashed");
    spec.setLeaseDurationSeconds(2);
    spec.setAcquireTime(now);
    spec.setRenewTime(now);
    spec.setLeaseTransitions(4);
    stale.setSpec(spec);
    leases.create(stale);

    Calls b = new Calls();
    long start = System.nanoTime();
    LeaderElector candidate = elector("b", b);
    await().atMost(Duration.ofSeconds(6)).until(candidate::isLeading);
    // Not before a whole lease duration, as this process saw the lease unchanged.
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(lease().getHolderIdentity()).isEqualTo("b");
    assertThat(lease().getLeaseTransitions()).isEqualTo(5);
  }

  @Test
  void aLeaderThatSeesAnotherHolderStopsLeadingAndCompetesAgain() {
    Calls a = new Calls();
    LeaderElector leader = elector("a", a);
    await().atMost(Duration.ofSeconds(5)).until(leader::isLeading);

    // Another server took the lease (say this one was paused longer than the lease duration).
    leases.edit(
        LeaderElectionOptions.NAMESPACE,
        LeaderElectionOptions.LEASE_NAME,
        l -> {
          l.getSpec().setHolderIdentity("intruder");
          l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
          return l;
        },
        false);
    await().atMost(Duration.ofSeconds(5)).until(() -> a.seen.contains("stopped"));
    assertThat(a.seen).startsWith("started", "stopped");
    // The intruder does not renew: after the lease duration the first one leads again.
    await().atMost(Duration.ofSeconds(8)).until(leader::isLeading);
    assertThat(lease().getHolderIdentity()).isEqualTo("a");
    assertThat(a.seen).containsExactly("started", "stopped", "started");
  }
}
