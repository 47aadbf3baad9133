package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code google.rpc.Status}: why a task attempt failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RpcStatus(Integer code, String message) {}
