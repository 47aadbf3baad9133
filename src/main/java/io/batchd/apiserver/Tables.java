package io.batchd.apiserver;

import io.batchd.api.HumanDuration;
import io.batchd.api.selectors.ApiLabelSelectors;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The printed columns of each resource, as upstream's printers define them. */
final class Tables {
  static final TableColumns.Column NAME =
      new TableColumns.Column(
          "Name",
          "string",
          "name",
          "Name must be unique within a namespace. Cannot be updated.",
          0);
  static final TableColumns.Column AGE =
      new TableColumns.Column(
          "Age",
          "string",
          "",
          "CreationTimestamp is a timestamp representing the server time when this object was"
              + " created.",
          0);

  private Tables() {}

  static String age(Clock clock, String timestamp) {
    if (timestamp == null) {
      return "<unknown>";
    }
    return HumanDuration.format(Duration.between(Instant.parse(timestamp), clock.instant()));
  }

  /** Name and Age, for resources without printer columns of their own. */
  static <T extends HasMetadata> TableColumns<T> generic(Clock clock) {
    return new TableColumns<>() {
      @Override
      public List<Column> columns() {
        return List.of(NAME, AGE);
      }

      @Override
      public List<Object> cells(T object) {
        return List.of(
            object.getMetadata().getName(),
            age(clock, object.getMetadata().getCreationTimestamp()));
      }
    };
  }

  static TableColumns<Namespace> namespaces(Clock clock) {
    return new TableColumns<>() {
      @Override
      public List<Column> columns() {
        return List.of(
            NAME, new Column("Status", "string", "", "The status of the namespace", 0), AGE);
      }

      @Override
      public List<Object> cells(Namespace ns) {
        String phase = ns.getStatus() == null ? "" : String.valueOf(ns.getStatus().getPhase());
        return List.of(
            ns.getMetadata().getName(), phase, age(clock, ns.getMetadata().getCreationTimestamp()));
      }
    };
  }

  static TableColumns<Job> jobs(Clock clock) {
    return new TableColumns<>() {
      @Override
      public List<Column> columns() {
        return List.of(
            NAME,
            new Column("Status", "string", "", "Status of the job.", 0),
            new Column(
                "Completions",
                "string",
                "",
                "The number of successfully completed pods out of the desired number.",
                0),
            new Column("Duration", "string", "", "Time required to complete the job.", 0),
            AGE,
            new Column("Containers", "string", "", "Names of each container in the template.", 1),
            new Column(
                "Images", "string", "", "Images referenced by each container in the template.", 1),
            new Column("Selector", "string", "", "Selector used for the job's pods.", 1));
      }

      @Override
      public List<Object> cells(Job job) {
        JobSpec spec = job.getSpec() == null ? new JobSpec() : job.getSpec();
        JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
        List<Container> containers =
            spec.getTemplate() == null || spec.getTemplate().getSpec() == null
                ? List.of()
                : spec.getTemplate().getSpec().getContainers();
        List<Object> cells = new ArrayList<>();
        cells.add(job.getMetadata().getName());
        cells.add(status(job, status));
        cells.add(completions(spec, status));
        cells.add(duration(clock, status));
        cells.add(age(clock, job.getMetadata().getCreationTimestamp()));
        cells.add(containers.stream().map(Container::getName).collect(Collectors.joining(",")));
        cells.add(containers.stream().map(Container::getImage).collect(Collectors.joining(",")));
        cells.add(selector(spec.getSelector()));
        return cells;
      }
    };
  }

  private static boolean hasCondition(JobStatus status, String type) {
    if (status.getConditions() == null) {
      return false;
    }
    for (JobCondition c : status.getConditions()) {
      if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
        return true;
      }
    }
    return false;
  }

  private static String status(Job job, JobStatus status) {
    if (hasCondition(status, "Complete")) {
      return "Complete";
    }
    if (hasCondition(status, "Failed")) {
      return "Failed";
    }
    if (job.getMetadata().getDeletionTimestamp() != null) {
      return "Terminating";
    }
    if (hasCondition(status, "Suspended")) {
      return "Suspended";
    }
    if (hasCondition(status, "FailureTarget")) {
      return "FailureTarget";
    }
    if (hasCondition(status, "SuccessCriteriaMet")) {
      return "SuccessCriteriaMet";
    }
    return "Running";
  }

  private static String completions(JobSpec spec, JobStatus status) {
    int succeeded = status.getSucceeded() == null ? 0 : status.getSucceeded();
    if (spec.getCompletions() != null) {
      return succeeded + "/" + spec.getCompletions();
    }
    int parallelism = spec.getParallelism() == null ? 0 : spec.getParallelism();
    return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
  }

  private static String duration(Clock clock, JobStatus status) {
    if (status.getStartTime() == null) {
      return "";
    }
    Instant start = Instant.parse(status.getStartTime());
    Instant end =
        status.getCompletionTime() == null
            ? clock.instant()
            : Instant.parse(status.getCompletionTime());
    return HumanDuration.format(Duration.between(start, end));
  }

  /** A label selector as upstream's printer formats it: canonical form, {@code <none>} if empty. */
  static String selector(LabelSelector selector) {
    try {
      String text = ApiLabelSelectors.toSelection(selector).toString();
      return text.isEmpty() ? "<none>" : text;
    } catch (IllegalArgumentException invalid) {
      return "<error>";
    }
  }
}
