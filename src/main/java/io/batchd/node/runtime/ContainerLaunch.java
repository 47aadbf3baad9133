package io.batchd.node.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one container attempt as a host process, in the host's view.
 *
 * @param command the command and args, expanded and rewritten; the first element as written
 * @param environment the process' whole environment
 * @param workingDirectory where the process starts (created if missing)
 * @param terminationMessageFile the host file that stands for terminationMessagePath
 * @param logFile the attempt's CRI log
 */
record ContainerLaunch(
    List<String> command,
    Map<String, String> environment,
    Path workingDirectory,
    Path terminationMessageFile,
    Path logFile) {}
