package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;

/**
 * What one task runs. {@code timeoutSeconds} is an int64, which Google's JSON writes as a string.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskSpec(
    List<Container> containers,
    Integer maxRetries,
    Map<String, String> nodeSelector,
    String serviceAccountName,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Long timeoutSeconds,
    List<Volume> volumes) {

  public TaskSpec withContainers(List<Container> replaced) {
    return new TaskSpec(
        replaced, maxRetries, nodeSelector, serviceAccountName, timeoutSeconds, volumes);
  }

  public TaskSpec withMaxRetries(Integer value) {
    return new TaskSpec(
        containers, value, nodeSelector, serviceAccountName, timeoutSeconds, volumes);
  }

  public TaskSpec withTimeoutSeconds(Long value) {
    return new TaskSpec(containers, maxRetries, nodeSelector, serviceAccountName, value, volumes);
  }
}
