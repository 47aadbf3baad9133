package io.batchd.node;

import io.batchd.api.ServerVersion;
import io.batchd.node.runtime.ResourceEnforcement;
import io.batchd.node.runtime.SpawnInfo;
import io.batchd.node.runtime.SpawnMechanism;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Node object an agent registers and keeps current: its labels, capacity, addresses, system
 * information and conditions, as the kubelet reports them.
 */
final class NodeDescription {
  /** A condition of batchd's own that says whether container resource limits are enforced. */
  static final String LIMITS_CONDITION = "ResourceLimitsEnforced";

  /**
   * A condition of batchd's own that says whether container processes are started the fast way
   * (posix_spawn), or why not.
   */
  static final String SPAWN_CONDITION = "NativeProcessSpawn";

  private final NodeAgentOptions options;
  private final String runtimeName;
  private final ResourceEnforcement enforcement;
  private final SpawnInfo spawn;

  NodeDescription(
      NodeAgentOptions options,
      String runtimeName,
      ResourceEnforcement enforcement,
      SpawnInfo spawn) {
    this.options = options;
    this.runtimeName = runtimeName;
    this.enforcement = enforcement;
    this.spawn = spawn;
  }

  Node newNode() {
    Node node = new Node();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(options.nodeName());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("beta.kubernetes.io/arch", arch());
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", arch());
    labels.put("kubernetes.io/hostname", options.nodeName());
    labels.put("kubernetes.io/os", "linux");
    meta.setLabels(labels);
    node.setMetadata(meta);
    return node;
  }

  /** The status to report now, keeping transition times of conditions that did not change. */
  NodeStatus status(NodeStatus old, Instant now) {
    NodeStatus status = new NodeStatus();
    status.setCapacity(options.capacity().asQuantities());
    status.setAllocatable(options.capacity().asQuantities());
    status.setAddresses(
        List.of(
            new NodeAddress(options.hostIp(), "InternalIP"),
            new NodeAddress(options.nodeName(), "Hostname")));
    if (options.kubeletPort() > 0) {
      status.setDaemonEndpoints(
          new NodeDaemonEndpoints(
              new io.fabric8.kubernetes.api.model.DaemonEndpoint(options.kubeletPort())));
    }
    NodeSystemInfo info = new NodeSystemInfo();
    info.setArchitecture(arch());
    info.setOperatingSystem("linux");
    info.setKernelVersion(System.getProperty("os.version"));
    info.setOsImage(osImage());
    info.setContainerRuntimeVersion(runtimeName + "://" + ServerVersion.current().gitVersion());
    info.setKubeletVersion(ServerVersion.current().gitVersion());
    info.setKubeProxyVersion("");
    info.setMachineID("");
    info.setSystemUUID("");
    info.setBootID("");
    status.setNodeInfo(info);
    List<NodeCondition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            old,
            "MemoryPressure",
            false,
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
            now));
    conditions.add(
        condition(
            old,
            "DiskPressure",
            false,
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
            now));
    conditions.add(
        condition(
            old,
            "PIDPressure",
            false,
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
            now));
    conditions.add(
        condition(old, "Ready", true, "KubeletReady", "kubelet is posting ready status", now));
    boolean enforced = enforcement.memory() && enforcement.cpu();
    conditions.add(
        condition(
            old,
            LIMITS_CONDITION,
            enforced,
            enforced ? "LimitsEnforced" : "LimitsNotEnforced",
            enforcement.message(),
            now));
    boolean nativeSpawn = spawn.mechanism() == SpawnMechanism.POSIX_SPAWN;
    conditions.add(
        condition(
            old,
            SPAWN_CONDITION,
            nativeSpawn,
            nativeSpawn ? "PosixSpawn" : "ProcessBuilderFallback",
            spawn.message(),
            now));
    status.setConditions(conditions);
    return status;
  }

  private static NodeCondition condition(
      NodeStatus old, String type, boolean value, String reason, String message, Instant now) {
    String status = value ? "True" : "False";
    String since = now.toString();
    if (old != null) {
      for (NodeCondition c : old.getConditions()) {
        if (c.getType().equals(type) && Objects.equals(c.getStatus(), status)) {
          since = c.getLastTransitionTime();
        }
      }
    }
    NodeCondition c = new NodeCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setLastHeartbeatTime(PodStatusComputer.format(now));
    c.setLastTransitionTime(
        since.contains(".") ? PodStatusComputer.format(Instant.parse(since)) : since);
    return c;
  }

  private static String arch() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
  }

  private static String osImage() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // Not every system has it; the field is informational.
    }
    return System.getProperty("os.name");
  }
}
