package io.batchd.controller.leader;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ResourceClient;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpecBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, as client-go's {@code leaderelection}
 * package does it: a candidate takes the Lease when it is free, released, or has not changed for a
 * whole lease duration <em>as this process observed it</em> (its own clock, so clock differences
 * between servers do not matter); the leader renews every retry period and gives up when it could
 * not renew within the renew deadline or sees another holder. {@code acquireTime} and {@code
 * leaseTransitions} change only when the holder changes. Closing a leader releases the Lease
 * (holder emptied, duration 1 s), so another server takes over at once.
 */
public final class LeaderElector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderElector.class);

  private final ResourceClient<Lease> leases;
  private final LeaderElectionOptions options;
  private final String identity;
  private final Clock clock;
  private final LeaderCallbacks callbacks;
  private final Object lock = new Object();
  private volatile boolean running;
  private volatile boolean leading;
  private Thread thread;

  /** The Lease as last read, and when this process saw it change. */
  private LeaseSpec observed;

  private Instant observedAt;

  public LeaderElector(
      ResourceClient<Lease> leases,
      LeaderElectionOptions options,
      String identity,
      Clock clock,
      LeaderCallbacks callbacks) {
    this.leases = leases;
    this.options = options;
    this.identity = identity;
    this.clock = clock;
    this.callbacks = callbacks;
  }

  public LeaderElector start() {
    running = true;
    thread = Thread.ofVirtual().name("leader-election").start(this::run);
    return this;
  }

  public String identity() {
    return identity;
  }

  public boolean isLeading() {
    return leading;
  }

  private void run() {
    try {
      while (running) {
        while (running && !tryAcquireOrRenew()) {
          pause(options.retryPeriod());
        }
        if (!running) {
          return;
        }
        leading = true;
        log.info("{} became the leader: lease {}/{}", identity, ns(), name());
        callbacks.startedLeading();
        renewWhileLeading();
        leading = false;
        if (running) {
          log.warn("{} lost the lease {}/{}", identity, ns(), name());
        }
        callbacks.stoppedLeading();
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private void renewWhileLeading() throws InterruptedException {
    Instant renewed = clock.instant();
    while (running) {
      pause(options.retryPeriod());
      if (!running) {
        return;
      }
      if (tryAcquireOrRenew()) {
        renewed = clock.instant();
        continue;
      }
      if (heldByOther() || !clock.instant().isBefore(renewed.plus(options.renewDeadline()))) {
        return;
      }
    }
  }

  private boolean heldByOther() {
    return observed != null
        && observed.getHolderIdentity() != null
        && !observed.getHolderIdentity().isEmpty()
        && !identity.equals(observed.getHolderIdentity());
  }

  /**
   * One attempt to create, take over or renew the Lease; false if another holds it or it failed.
   */
  boolean tryAcquireOrRenew() {
    Instant now = clock.instant();
    ZonedDateTime stamp = now.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
    try {
      Optional<Lease> current = leases.get(ns(), name());
      if (current.isEmpty()) {
        Lease lease = new Lease();
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(ns());
        meta.setName(name());
        lease.setMetadata(meta);
        LeaseSpec spec = new LeaseSpec();
        spec.setHolderIdentity(identity);
        spec.setLeaseDurationSeconds(durationSeconds());
        spec.setAcquireTime(stamp);
        spec.setRenewTime(stamp);
        spec.setLeaseTransitions(0);
        lease.setSpec(spec);
        observe(leases.create(lease).getSpec(), now);
        return true;
      }
      Lease lease = current.get();
      LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
      if (observed == null || !Objects.equals(spec, observed)) {
        observe(spec, now);
      }
      String holder = spec.getHolderIdentity();
      boolean free = holder == null || holder.isEmpty();
      boolean mine = identity.equals(holder);
      if (!free && !mine && now.isBefore(observedAt.plus(observedDuration(spec)))) {
        return false;
      }
      if (!mine) {
        spec.setAcquireTime(stamp);
        int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
        spec.setLeaseTransitions(transitions + 1);
      }
      spec.setHolderIdentity(identity);
      spec.setLeaseDurationSeconds(durationSeconds());
      spec.setRenewTime(stamp);
      lease.setSpec(spec);
      observe(leases.update(lease).getSpec(), now);
      return true;
    } catch (StatusException e) {
      log.debug("lease {}/{}: {}", ns(), name(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      log.warn("lease {}/{}: {}", ns(), name(), e.toString());
      return false;
    }
  }

  private Duration observedDuration(LeaseSpec spec) {
    Integer seconds = spec.getLeaseDurationSeconds();
    return seconds == null ? options.leaseDuration() : Duration.ofSeconds(seconds);
  }

  private void observe(LeaseSpec spec, Instant now) {
    // A copy: the spec read is changed in place for the next write.
    observed = new LeaseSpecBuilder(spec).build();
    observedAt = now;
  }

  private int durationSeconds() {
    return (int) Math.max(1, (options.leaseDuration().toMillis() + 999) / 1000);
  }

  private void pause(Duration d) throws InterruptedException {
    synchronized (lock) {
      if (running) {
        lock.wait(Math.max(1, d.toMillis()));
      }
    }
  }

  /** Stops competing; a leader stops its work, then releases the Lease for the next one. */
  @Override
  public void close() {
    synchronized (lock) {
      running = false;
      lock.notifyAll();
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    release();
  }

  private void release() {
    try {
      leases.edit(
          ns(),
          name(),
          lease -> {
            LeaseSpec spec = lease.getSpec();
            if (spec == null || !identity.equals(spec.getHolderIdentity())) {
              return null;
            }
            ZonedDateTime stamp =
                clock.instant().truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
            spec.setHolderIdentity("");
            spec.setLeaseDurationSeconds(1);
            spec.setAcquireTime(stamp);
            spec.setRenewTime(stamp);
            return lease;
          },
          false);
    } catch (RuntimeException e) {
      log.warn("could not release the lease {}/{}: {}", ns(), name(), e.toString());
    }
  }

  private static String ns() {
    return LeaderElectionOptions.NAMESPACE;
  }

  private static String name() {
    return LeaderElectionOptions.LEASE_NAME;
  }
}
