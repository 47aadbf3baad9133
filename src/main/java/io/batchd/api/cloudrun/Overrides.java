package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What a {@code :run} request changes for this one execution. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Overrides(
    List<ContainerOverride> containerOverrides, Integer taskCount, Long timeoutSeconds) {}
