package io.batchd.registry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules for {@code /status} writes: one row per rule, exact upstream messages. */
class JobStatusValidationTest {
  static final String START = "2024-05-01T10:00:00Z";
  static final String END = "2024-05-01T10:05:00Z";

  record StatusCase(
      String name, Consumer<Job> stored, Consumer<Job> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static StatusCase rejected(String name, Consumer<Job> change, String... expected) {
    return new StatusCase(name, j -> {}, change, List.of(expected));
  }

  static StatusCase rejected(
      String name, Consumer<Job> stored, Consumer<Job> change, String... expected) {
    return new StatusCase(name, stored, change, List.of(expected));
  }

  static StatusCase allowed(String name, Consumer<Job> stored, Consumer<Job> change) {
    return new StatusCase(name, stored, change, List.of());
  }

  static Stream<StatusCase> cases() {
    return Stream.of(
        rejected(
            "counters are non-negative",
            j -> s(j).setActive(-1),
            "status.active: Invalid value: -1: must be greater than or equal to 0"),
        rejected(
            "ready pods are at most the active ones",
            j -> {
              s(j).setActive(1);
              s(j).setReady(2);
            },
            "status.ready: Invalid value: 2: cannot set more ready pods than active"),
        allowed(
            "an untouched breach does not block other writes",
            j -> {
              s(j).setActive(1);
              s(j).setReady(2);
            },
            j -> s(j).setFailed(1)),
        rejected(
            "the failed counter never decreases",
            j -> s(j).setFailed(2),
            j -> s(j).setFailed(1),
            "status.failed: Invalid value: 1: cannot decrease the failed counter"),
        rejected(
            "the succeeded counter never decreases",
            j -> s(j).setSucceeded(2),
            j -> s(j).setSucceeded(1),
            "status.succeeded: Invalid value: 1: cannot decrease the succeeded counter"),
        allowed(
            "an elastic Indexed Job may lose successes when scaled down",
            j -> {
              j.getSpec().setCompletionMode("Indexed");
              j.getSpec().setCompletions(2);
              j.getSpec().setParallelism(2);
              s(j).setSucceeded(3);
            },
            j -> s(j).setSucceeded(2)),
        rejected(
            "uncounted pod uids are not empty",
            j -> s(j).setUncountedTerminatedPods(new UncountedTerminatedPods(null, List.of(""))),
            "status.uncountedTerminatedPods.succeeded[0]: Invalid value: \"\": must not be empty"),
        rejected(
            "a pod is uncounted once",
            j ->
                s(j).setUncountedTerminatedPods(
                        new UncountedTerminatedPods(List.of("pod-a"), List.of("pod-a"))),
            "status.uncountedTerminatedPods.failed[0]: Duplicate value: \"pod-a\""),
        rejected(
            "Complete and Failed exclude each other",
            j -> {
              started(j);
              s(j).setCompletionTime(END);
              conditions(j, "SuccessCriteriaMet", "Complete", "FailureTarget", "Failed");
            },
            "status.conditions: Invalid value: cannot set Complete=True and Failed=true conditions",
            "status.conditions: Invalid value: cannot set Complete=True and FailureTarget=true"
                + " conditions",
            "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and Failed=true"
                + " conditions",
            "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and"
                + " FailureTarget=true conditions"),
        rejected(
            "Failed needs FailureTarget",
            j -> {
              started(j);
              conditions(j, "Failed");
            },
            "status.conditions: Invalid value: cannot set Failed=True condition without the"
                + " FailureTarget=true condition"),
        rejected(
            "Complete needs SuccessCriteriaMet",
            j -> {
              started(j);
              s(j).setCompletionTime(END);
              conditions(j, "Complete");
            },
            "status.conditions: Invalid value: cannot set Complete=True condition without the"
                + " SuccessCriteriaMet=true condition"),
        rejected(
            "completionTime needs Complete",
            j -> {
              started(j);
              s(j).setCompletionTime(END);
            },
            "status.completionTime: Invalid value: 2024-05-01 10:05:00 +0000 UTC: cannot set"
                + " completionTime when there is no Complete=True condition"),
        rejected(
            "Complete needs completionTime",
            j -> {
              started(j);
              conditions(j, "SuccessCriteriaMet", "Complete");
            },
            "status.completionTime: Required value: completionTime is required for Complete jobs"),
        rejected(
            "completionTime is not before startTime",
            j -> {
              started(j);
              s(j).setCompletionTime("2024-05-01T09:00:00Z");
              conditions(j, "SuccessCriteriaMet", "Complete");
            },
            "status.completionTime: Invalid value: 2024-05-01 09:00:00 +0000 UTC: completionTime"
                + " cannot be set before startTime"),
        rejected(
            "completionTime never changes",
            j -> complete(j),
            j -> s(j).setCompletionTime("2024-05-01T10:06:00Z"),
            "status.completionTime: Invalid value: 2024-05-01 10:06:00 +0000 UTC: completionTime"
                + " cannot be mutated"),
        rejected(
            "a finished Job has no active pods",
            j -> {
              complete(j);
              s(j).setActive(1);
            },
            "status.active: Invalid value: 1: active>0 is invalid for finished job"),
        rejected(
            "a finished Job has no terminating pods",
            j -> {
              complete(j);
              s(j).setTerminating(1);
            },
            "status.terminating: Invalid value: 1: terminating>0 is invalid for finished job"),
        rejected(
            "a finished Job has a startTime",
            j -> {
              s(j).setCompletionTime(END);
              conditions(j, "SuccessCriteriaMet", "Complete");
            },
            "status.startTime: Required value: startTime is required for finished job"),
        allowed(
            "a suspended Job with zero completions finishes without starting",
            j -> {
              j.getSpec().setSuspend(true);
              j.getSpec().setCompletions(0);
            },
            j -> {
              s(j).setCompletionTime(END);
              conditions(j, "SuccessCriteriaMet", "Complete");
            }),
        rejected(
            "a finished Job has counted all its pods",
            j -> {
              complete(j);
              s(j).setUncountedTerminatedPods(new UncountedTerminatedPods(null, List.of("pod-a")));
            },
            "status.uncountedTerminatedPods: Invalid value: batch.UncountedTerminatedPods"
                + "{Succeeded:[]types.UID{\"pod-a\"}, Failed:[]types.UID(nil)}:"
                + " uncountedTerminatedPods needs to be empty for finished job"),
        rejected(
            "terminal conditions stay",
            j -> complete(j),
            j -> s(j).setConditions(new ArrayList<>(List.of(condition("SuccessCriteriaMet")))),
            "status.completionTime: Invalid value: 2024-05-01 10:05:00 +0000 UTC: cannot set"
                + " completionTime when there is no Complete=True condition",
            "status.conditions: Invalid value: cannot disable the terminal Complete=True condition"),
        rejected(
            "SuccessCriteriaMet stays",
            j -> conditions(j, "SuccessCriteriaMet"),
            j -> s(j).setConditions(new ArrayList<>()),
            "status.conditions: Invalid value: cannot disable the SuccessCriteriaMet=True"
                + " condition"),
        rejected(
            "SuccessCriteriaMet cannot follow Complete",
            j -> {
              complete(j);
              conditions(j, "Complete");
            },
            j -> conditions(j, "Complete", "SuccessCriteriaMet"),
            "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True for Job already"
                + " has Complete=true conditions"),
        rejected(
            "startTime stays while the Job runs",
            j -> started(j),
            j -> s(j).setStartTime("2024-05-01T11:00:00Z"),
            "status.startTime: Required value: startTime cannot be removed for unsuspended job"),
        allowed(
            "startTime may change while suspended",
            j -> {
              started(j);
              j.getSpec().setSuspend(true);
            },
            j -> s(j).setStartTime(null)),
        allowed(
            "startTime is reset when the Job resumes",
            j -> {
              started(j);
              conditions(j, "Suspended");
            },
            j -> {
              s(j).setStartTime("2024-05-01T11:00:00Z");
              s(j).setConditions(new ArrayList<>(List.of(condition("Suspended", "False"))));
            }),
        rejected(
            "completedIndexes belong to Indexed Jobs",
            j -> s(j).setCompletedIndexes("0"),
            "status.completedIndexes: Invalid value: \"0\": cannot set non-empty completedIndexes"
                + " when non-indexed completion mode"),
        rejected(
            "completedIndexes are below completions",
            JobStatusValidationTest::indexed,
            j -> s(j).setCompletedIndexes("1,4"),
            "status.completedIndexes: Invalid value: \"1,4\": error parsing completedIndexes: too"
                + " large index: \"4\""),
        rejected(
            "failedIndexes need backoffLimitPerIndex",
            j -> s(j).setFailedIndexes(""),
            "status.failedIndexes: Invalid value: \"\": cannot set non-null failedIndexes when"
                + " backoffLimitPerIndex is null"),
        rejected(
            "failedIndexes are well formed",
            JobStatusValidationTest::indexed,
            j -> s(j).setFailedIndexes("2-1"),
            "status.failedIndexes: Invalid value: \"2-1\": error parsing failedIndexes:"
                + " non-increasing order, previous: 2, current: 1"),
        rejected(
            "an index is not both completed and failed",
            JobStatusValidationTest::indexed,
            j -> {
              s(j).setCompletedIndexes("0-2");
              s(j).setFailedIndexes("2");
            },
            "status.failedIndexes: Invalid value: \"2\": failedIndexes and completedIndexes overlap"
                + " at index: 2"),
        rejected(
            "a success policy completes only through SuccessCriteriaMet",
            j -> {
              indexed(j);
              j.getSpec()
                  .setSuccessPolicy(
                      new io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy(
                          List.of(
                              new io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule(
                                  1, null))));
            },
            j -> {
              started(j);
              s(j).setCompletionTime(END);
              conditions(j, "Complete");
            },
            "status.conditions: Invalid value: cannot set Complete=True condition without the"
                + " SuccessCriteriaMet=true condition",
            "status.conditions: Invalid value: cannot set Complete=True for Job with SuccessPolicy"
                + " unless SuccessCriteriaMet=True"),
        allowed(
            "the controller's own path to Complete is accepted",
            j -> started(j),
            j -> {
              complete(j);
              s(j).setSucceeded(1);
              s(j).setReady(0);
              s(j).setTerminating(0);
              s(j).setUncountedTerminatedPods(new UncountedTerminatedPods());
            }),
        allowed(
            "the controller's own path to Failed is accepted",
            j -> started(j),
            j -> {
              s(j).setFailed(7);
              conditions(j, "FailureTarget", "Failed");
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void statusWrites(StatusCase c) {
    Job old = TestJobs.stored(TestJobs.created(j -> {}));
    c.stored().accept(old);
    Job updated = new JobBuilder(old).build();
    c.change().accept(updated);
    assertThat(TestJobs.messages(JobValidation.validateStatusUpdate(updated, old)))
        .containsExactlyElementsOf(c.expected());
  }

  static JobStatus s(Job j) {
    if (j.getStatus() == null) {
      j.setStatus(new JobStatus());
    }
    return j.getStatus();
  }

  static void started(Job j) {
    s(j).setStartTime(START);
  }

  static void complete(Job j) {
    started(j);
    s(j).setCompletionTime(END);
    conditions(j, "SuccessCriteriaMet", "Complete");
  }

  static void indexed(Job j) {
    j.getSpec().setCompletionMode("Indexed");
    j.getSpec().setCompletions(3);
    j.getSpec().setBackoffLimitPerIndex(1);
  }

  static void conditions(Job j, String... types) {
    List<JobCondition> list = new ArrayList<>();
    for (String t : types) {
      list.add(condition(t));
    }
    s(j).setConditions(list);
  }

  static JobCondition condition(String type) {
    return condition(type, "True");
  }

  static JobCondition condition(String type, String status) {
    JobCondition c = new JobCondition();
    c.setType(type);
    c.setStatus(status);
    return c;
  }
}
