package io.batchd.api.cloudrun;

/** The labels that tie executions and tasks (pods) to their job, as Cloud Run sets them. */
public final class RunLabels {
  public static final String JOB = "run.googleapis.com/job";
  public static final String JOB_UID = "run.googleapis.com/jobUid";
  public static final String EXECUTION = "run.googleapis.com/execution";
  public static final String EXECUTION_UID = "run.googleapis.com/executionUid";
  public static final String TASK_INDEX = "run.googleapis.com/taskIndex";
  public static final String RUNNING_STATE = "run.googleapis.com/runningState";

  /** The project number a project's namespace answers to, besides its id. */
  /** Set on an execution by {@code :cancel}; the controller stops its tasks. */
  public static final String CANCELLED = "run.googleapis.com/cancelled";

  public static final String PROJECT_NUMBER = "run.googleapis.com/project-number";

  private RunLabels() {}
}
