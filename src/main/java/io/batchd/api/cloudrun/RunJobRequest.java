package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunJobRequest(Overrides overrides) {}
