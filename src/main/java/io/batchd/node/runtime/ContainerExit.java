package io.batchd.node.runtime;

import java.time.Instant;

public record ContainerExit(
    int exitCode, String reason, String message, Instant finishedAt, Integer signal) {}
