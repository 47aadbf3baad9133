package io.batchd.node.runtime;

import io.batchd.node.logs.CriLogWriter;
import io.batchd.node.logs.LogRotation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code process} runtime: each container is a host process run as the server's user, with no
 * isolation, in its own session and process group (so that stopping a container stops everything it
 * started). Processes are started with posix_spawn where it can be used, else with Java's
 * ProcessBuilder through {@code setsid} ({@link ProcessLaunchers}). Volumes are host directories
 * and container paths are rewritten into host paths (see docs/runtime.md). The container's image is
 * not used.
 */
public final class ProcessRuntime implements ContainerRuntime {
  private static final Logger LOG = System.getLogger(ProcessRuntime.class.getName());
  private static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME");

  private final Path root;
  private final Map<String, Quantity> allocatable;
  private final List<String> hostIPs;
  private final LaunchPlanner planner;
  private final ProcessLauncher launcher;
  private final SandboxRemover remover;
  private final ResourceEnforcement enforcement;
  private final LogRotation logRotation;

  /**
   * @param root the directory holding the pods' sandboxes (the agent's data directory)
   * @param allocatable the node's allocatable resources, the default for limits a container does
   *     not set (resourceFieldRef)
   * @param hostIPs the node's IPs, first the primary one (status.hostIP); also the pods' IPs
   */
  public ProcessRuntime(Path root, Map<String, Quantity> allocatable, List<String> hostIPs) {
    this(root, allocatable, hostIPs, LogRotation.DEFAULTS);
  }

  /**
   * The same with another rotation of the containers' logs than the kubelet's default (10Mi, 5
   * files).
   */
  public ProcessRuntime(
      Path root, Map<String, Quantity> allocatable, List<String> hostIPs, LogRotation logRotation) {
    this(root, allocatable, hostIPs, logRotation, ProcessLaunchers.requested());
  }

  /**
   * The same, starting processes with {@code spawn} where it can be used (posix_spawn falls back to
   * ProcessBuilder where it cannot; {@link #spawnInfo()} says which is used). Without this argument
   * the {@code batchd.process.spawn} system property chooses, posix_spawn by default.
   */
  public ProcessRuntime(
      Path root,
      Map<String, Quantity> allocatable,
      List<String> hostIPs,
      LogRotation logRotation,
      SpawnMechanism spawn) {
    this(root, allocatable, hostIPs, inherited(System.getenv()), logRotation, spawn);
  }

  ProcessRuntime(
      Path root,
      Map<String, Quantity> allocatable,
      List<String> hostIPs,
      Map<String, String> inheritedEnvironment) {
    this(root, allocatable, hostIPs, inheritedEnvironment, ProcessLaunchers.requested());
  }

  ProcessRuntime(
      Path root,
      Map<String, Quantity> allocatable,
      List<String> hostIPs,
      Map<String, String> inheritedEnvironment,
      LogRotation logRotation) {
    this(
        root,
        allocatable,
        hostIPs,
        inheritedEnvironment,
        logRotation,
        ProcessLaunchers.requested());
  }

  ProcessRuntime(
      Path root,
      Map<String, Quantity> allocatable,
      List<String> hostIPs,
      Map<String, String> inheritedEnvironment,
      SpawnMechanism spawn) {
    this(root, allocatable, hostIPs, inheritedEnvironment, LogRotation.DEFAULTS, spawn);
  }

  ProcessRuntime(
      Path root,
      Map<String, Quantity> allocatable,
      List<String> hostIPs,
      Map<String, String> inheritedEnvironment,
      LogRotation logRotation,
      SpawnMechanism spawn) {
    this.logRotation = logRotation;
    this.root = root.toAbsolutePath();
    this.allocatable = Map.copyOf(allocatable);
    this.hostIPs = List.copyOf(hostIPs);
    this.planner = new LaunchPlanner(this.allocatable, this.hostIPs, inheritedEnvironment);
    this.enforcement = enforcement(CgroupProbe.probe());
    this.remover = new SandboxRemover(this.root.resolve("removed"));
    this.launcher = ProcessLaunchers.create(spawn);
    LOG.log(Level.DEBUG, launcher.description());
  }

  /** The variables a container inherits from the server: PATH and HOME. */
  static Map<String, String> inherited(Map<String, String> serverEnvironment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : INHERITED_VARIABLES) {
      if (serverEnvironment.containsKey(name)) {
        env.put(name, serverEnvironment.get(name));
      }
    }
    return env;
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public PodSandbox createSandbox(Pod pod) throws ContainerConfigException {
    Path directory = ProcessSandbox.directoryOf(root, pod);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ContainerConfigException("cannot create the pod's directory: " + e);
    }
    List<String> podIPs = hostIPs;
    Map<String, Path> volumes =
        new SandboxVolumes(
                new PodFieldValues(pod, hostIPs, podIPs), new ResourceFieldValues(pod, allocatable))
            .create(pod, directory);
    return new ProcessSandbox(directory, pod, podIPs, volumes);
  }

  @Override
  public RunningContainer start(PodSandbox podSandbox, Container container, int attempt)
      throws ContainerConfigException, ContainerStartException {
    if (!(podSandbox instanceof ProcessSandbox sandbox)) {
      throw new IllegalArgumentException("not a sandbox of the process runtime: " + podSandbox);
    }
    ContainerLaunch launch = planner.plan(sandbox, container, attempt);
    try {
      Files.createDirectories(launch.workingDirectory());
      // Created empty, as the kubelet does (in the sandbox's directory, made by createSandbox).
      Files.write(launch.terminationMessageFile(), new byte[0]);
    } catch (IOException e) {
      throw new ContainerStartException("preparing the container's directories failed: " + e, e);
    }
    Path executable =
        ExecutableLookup.find(
            launch.command().get(0), launch.environment().get("PATH"), launch.workingDirectory());
    CriLogWriter log;
    try {
      log = CriLogWriter.open(launch.logFile(), logRotation);
    } catch (IOException e) {
      throw new ContainerStartException("opening the container's log failed: " + e, e);
    }
    try {
      return ProcessContainer.start(
          launcher,
          executable,
          launch,
          log,
          ProcessContainer.termination(
              launch.terminationMessageFile(),
              container.getTerminationMessagePolicy(),
              launch.logFile()));
    } catch (IOException | RuntimeException e) {
      try {
        log.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new ContainerStartException("starting the process failed: " + e.getMessage(), e);
    }
  }

  @Override
  public ExecResult exec(
      PodSandbox podSandbox,
      Container container,
      int attempt,
      List<String> command,
      java.time.Duration timeout)
      throws ContainerConfigException, ContainerStartException, InterruptedException {
    if (!(podSandbox instanceof ProcessSandbox sandbox)) {
      throw new IllegalArgumentException("not a sandbox of the process runtime: " + podSandbox);
    }
    // The container's own plan with the command swapped: the same environment, the same $(VAR)
    // expansion and path rewriting, the same working directory.
    Container asCommand =
        new io.fabric8.kubernetes.api.model.ContainerBuilder(container)
            .withCommand(command)
            .withArgs(List.of())
            .build();
    ContainerLaunch launch = planner.plan(sandbox, asCommand, attempt);
    Path executable =
        ExecutableLookup.find(
            launch.command().get(0), launch.environment().get("PATH"), launch.workingDirectory());
    try {
      Files.createDirectories(launch.workingDirectory());
    } catch (IOException e) {
      throw new ContainerStartException("preparing the working directory failed: " + e, e);
    }
    SpawnRequest request =
        new SpawnRequest(
            executable,
            launch.command().subList(1, launch.command().size()),
            launch.environment(),
            launch.workingDirectory(),
            null,
            null,
            null);
    try {
      return CommandOutput.run(launcher, request, timeout);
    } catch (IOException | RuntimeException e) {
      throw new ContainerStartException("starting the process failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void removeSandbox(PodSandbox sandbox) {
    remover.remove(sandbox.directory());
  }

  @Override
  public ResourceEnforcement resourceEnforcement() {
    return enforcement;
  }

  @Override
  public SpawnInfo spawnInfo() {
    return new SpawnInfo(launcher.mechanism(), launcher.description());
  }

  @Override
  public void close() {
    launcher.close();
    remover.close();
  }

  private static ResourceEnforcement enforcement(CgroupProbe.Result probe) {
    String why =
        probe.usable()
            ? "the process runtime does not place containers in cgroups"
            : probe.problem();
    return new ResourceEnforcement(false, false, "memory and CPU limits are not enforced: " + why);
  }
}
