package io.batchd.node.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One process for a {@link ProcessLauncher} to start.
 *
 * @param executable the resolved executable; also the process's {@code argv[0]}
 * @param arguments the arguments after {@code argv[0]}
 * @param environment the process's whole environment
 * @param workingDirectory an existing directory to start in
 * @param stdout where standard output goes
 * @param stderr where standard error goes; null to send it into {@code stdout}'s stream, merged
 * @param onEnd called once, on a thread of the launcher (never the caller of launch), when the
 *     process has ended, the rest of its group has been killed and its output has been drained
 */
record SpawnRequest(
    Path executable,
    List<String> arguments,
    Map<String, String> environment,
    Path workingDirectory,
    ProcessOutput stdout,
    ProcessOutput stderr,
    Consumer<ProcessEnd> onEnd) {}
