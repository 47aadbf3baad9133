package io.batchd.node.probes;

import io.batchd.node.runtime.ExecResult;
import java.time.Duration;
import java.util.List;

/** Runs an exec probe's command in the environment of the container being probed. */
@FunctionalInterface
public interface CommandRunner {
  ExecResult run(List<String> command, Duration timeout) throws Exception;
}
