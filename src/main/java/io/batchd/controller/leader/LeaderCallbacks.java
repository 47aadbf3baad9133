package io.batchd.controller.leader;

/** What a {@link LeaderElector} tells its owner; both are called on the elector's own thread. */
public interface LeaderCallbacks {
  /** This process holds the lease now: start the work only a leader may do. */
  void startedLeading();

  /** This process no longer holds the lease (lost, or given up on close): stop that work. */
  void stoppedLeading();
}
