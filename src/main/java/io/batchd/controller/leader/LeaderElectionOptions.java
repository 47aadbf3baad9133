package io.batchd.controller.leader;

import java.time.Duration;

/**
 * How a server competes for the right to run the controllers, with kube-controller-manager's flags
 * and defaults.
 *
 * @param enabled whether to compete at all; without it the server runs its controllers at once
 * @param leaseDuration how long others wait after the leader's last renewal before they take over
 *     ({@code --leader-elect-lease-duration}, 15 s)
 * @param renewDeadline how long the leader keeps trying to renew before it stops its controllers
 *     ({@code --leader-elect-renew-deadline}, 10 s)
 * @param retryPeriod how often a candidate tries to acquire and the leader renews ({@code
 *     --leader-elect-retry-period}, 2 s)
 */
public record LeaderElectionOptions(
    boolean enabled, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
  public static final String NAMESPACE = "kube-system";
  public static final String LEASE_NAME = "batchd-controllers";

  public LeaderElectionOptions {
    if (enabled) {
      if (leaseDuration.compareTo(renewDeadline) <= 0) {
        throw new IllegalArgumentException(
            "the leader election lease duration must be longer than the renew deadline");
      }
      if (renewDeadline.compareTo(retryPeriod) <= 0) {
        throw new IllegalArgumentException(
            "the leader election renew deadline must be longer than the retry period");
      }
      if (retryPeriod.isNegative() || retryPeriod.isZero()) {
        throw new IllegalArgumentException("the leader election retry period must be positive");
      }
    }
  }

  public static LeaderElectionOptions defaults() {
    return new LeaderElectionOptions(
        true, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  public static LeaderElectionOptions disabled() {
    return new LeaderElectionOptions(
        false, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }
}
