package io.batchd.node.runtime;

/**
 * How a command run in a container's environment ended (an exec probe).
 *
 * @param exitCode the exit code; meaningless when {@code timedOut}
 * @param output stdout and stderr together, at most the first 10 KiB, as the kubelet keeps them
 * @param timedOut whether the command was killed for running past its timeout
 */
public record ExecResult(int exitCode, String output, boolean timedOut) {}
