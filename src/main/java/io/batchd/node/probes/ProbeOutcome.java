package io.batchd.node.probes;

/**
 * The result of one probe attempt.
 *
 * @param result success, failure (the check ran and said no) or error (the check could not run, as
 *     a named port the container does not declare)
 * @param output what the kubelet reports: the exec output, the HTTP body or the error's text
 */
public record ProbeOutcome(Result result, String output) {
  public enum Result {
    SUCCESS,
    FAILURE,
    ERROR
  }

  public static ProbeOutcome success(String output) {
    return new ProbeOutcome(Result.SUCCESS, output);
  }

  public static ProbeOutcome failure(String output) {
    return new ProbeOutcome(Result.FAILURE, output);
  }

  public static ProbeOutcome error(String message) {
    return new ProbeOutcome(Result.ERROR, message);
  }

  public boolean succeeded() {
    return result == Result.SUCCESS;
  }

  /** The Unhealthy event's message, worded as the kubelet's. */
  public String eventMessage(ProbeKind kind) {
    return result == Result.ERROR
        ? kind.title() + " probe errored: " + output
        : kind.title() + " probe failed: " + output;
  }
}
