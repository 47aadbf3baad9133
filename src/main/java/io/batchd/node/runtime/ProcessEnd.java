package io.batchd.node.runtime;

import java.time.Instant;

/**
 * How a launched process ended.
 *
 * @param exitCode its exit code, or 128 + N when signal N killed it (as the kubelet reports it)
 * @param finishedAt when the process was seen to end (before its output was drained)
 */
record ProcessEnd(int exitCode, Instant finishedAt) {}
