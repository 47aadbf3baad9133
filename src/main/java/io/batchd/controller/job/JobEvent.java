package io.batchd.controller.job;

/**
 * An event about a Job, worded as upstream's job controller words it (source component {@code
 * job-controller}, involved object the Job).
 *
 * @param type {@code Normal} or {@code Warning}
 */
public record JobEvent(String type, String reason, String message) {
  public static final String COMPONENT = "job-controller";
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  /** After a pod create succeeded; the name is the one the API server generated. */
  public static JobEvent podCreated(String podName) {
    return new JobEvent(NORMAL, "SuccessfulCreate", "Created pod: " + podName);
  }

  /** After a pod create failed (except for a terminating namespace, which upstream ignores). */
  public static JobEvent podCreateFailed(String error) {
    return new JobEvent(WARNING, "FailedCreate", "Error creating: " + error);
  }

  public static JobEvent podDeleted(String podName) {
    return new JobEvent(NORMAL, "SuccessfulDelete", "Deleted pod: " + podName);
  }

  public static JobEvent podDeleteFailed(String error) {
    return new JobEvent(WARNING, "FailedDelete", "Error deleting: " + error);
  }

  static JobEvent suspended() {
    return new JobEvent(NORMAL, "Suspended", "Job suspended");
  }

  static JobEvent resumed() {
    return new JobEvent(NORMAL, "Resumed", "Job resumed");
  }

  static JobEvent completed() {
    return new JobEvent(NORMAL, "Completed", "Job completed");
  }

  static JobEvent failed(String reason, String message) {
    return new JobEvent(WARNING, reason, message);
  }

  static JobEvent tooManySucceededPods() {
    return new JobEvent(
        WARNING,
        "TooManySucceededPods",
        "Too many succeeded pods running after completion count reached");
  }

  static JobEvent unknownCompletionMode() {
    return new JobEvent(
        WARNING, "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown");
  }
}
