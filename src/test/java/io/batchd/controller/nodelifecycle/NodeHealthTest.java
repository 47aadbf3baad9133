package io.batchd.controller.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeHealthTest {
  private static final Duration GRACE = Duration.ofSeconds(40);
  private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

  private static Node node(Instant created) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("n")
        .withCreationTimestamp(created.toString())
        .endMetadata()
        .build();
  }

  private static Optional<Lease> renewedAt(Instant renewed) {
    return Optional.of(
        new LeaseBuilder()
            .withNewSpec()
            .withRenewTime(renewed.atZone(ZoneOffset.UTC))
            .endSpec()
            .build());
  }

  @Test
  void aLeaseFirstSeenLongAfterItsLastRenewalGetsAWholeGracePeriodFromThen() {
    NodeHealth health = new NodeHealth();
    Node node = node(T0.minusSeconds(3600));
    Optional<Lease> old = renewedAt(T0.minusSeconds(600));
    assertThat(health.isLost(node, old, T0, GRACE)).isFalse();
    assertThat(health.isLost(node, old, T0.plus(GRACE), GRACE)).isFalse();
    assertThat(health.isLost(node, old, T0.plus(GRACE).plusSeconds(1), GRACE)).isTrue();
  }

  @Test
  void eachRenewalSeenStartsTheGracePeriodAgain() {
    NodeHealth health = new NodeHealth();
    Node node = node(T0);
    assertThat(health.isLost(node, renewedAt(T0), T0, GRACE)).isFalse();
    Instant later = T0.plusSeconds(30);
    assertThat(health.isLost(node, renewedAt(later), later, GRACE)).isFalse();
    // Not lost at T0 + 41 s: the renewal was seen at T0 + 30 s.
    assertThat(health.isLost(node, renewedAt(later), T0.plusSeconds(41), GRACE)).isFalse();
    assertThat(health.isLost(node, renewedAt(later), later.plus(GRACE).plusSeconds(1), GRACE))
        .isTrue();
  }

  @Test
  void aNodeThatNeverHadALeaseIsJudgedFromItsCreation() {
    NodeHealth health = new NodeHealth();
    assertThat(health.isLost(node(T0), Optional.empty(), T0.plusSeconds(30), GRACE)).isFalse();
    assertThat(health.isLost(node(T0), Optional.empty(), T0.plusSeconds(41), GRACE)).isTrue();
  }
}
