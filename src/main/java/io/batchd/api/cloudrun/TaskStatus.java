package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskStatus(
    Integer observedGeneration,
    List<RunCondition> conditions,
    Integer index,
    Integer retried,
    String startTime,
    String completionTime,
    TaskAttemptResult lastAttemptResult,
    String logUri) {}
