package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How many tasks an execution runs, how many at once, and what each runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionSpec(Integer parallelism, Integer taskCount, TaskTemplateSpec template) {

  public ExecutionSpec withTaskCount(Integer value) {
    return new ExecutionSpec(parallelism, value, template);
  }

  public ExecutionSpec withTaskSpec(TaskSpec spec) {
    return new ExecutionSpec(parallelism, taskCount, new TaskTemplateSpec(spec));
  }

  /** The task spec, or null when the template is missing. */
  public TaskSpec taskSpec() {
    return template == null ? null : template.spec();
  }
}
