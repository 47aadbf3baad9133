package io.batchd.apiserver;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The columns of {@code kubectl get nodes}, as upstream's {@code printNode}: STATUS from the {@code
 * Ready} condition (and {@code SchedulingDisabled} when cordoned), ROLES from the {@code
 * node-role.kubernetes.io/*} and {@code kubernetes.io/role} labels, VERSION the kubelet version;
 * wide adds the addresses and system info.
 */
final class NodeColumns implements TableColumns<Node> {
  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  private static final String ROLE_LABEL = "kubernetes.io/role";
  private static final String ADDRESSES = "List of addresses reachable to the node.";
  private static final List<Column> COLUMNS =
      List.of(
          Tables.NAME,
          new Column("Status", "string", "", "The status of the node", 0),
          new Column("Roles", "string", "", "The roles of the node", 0),
          Tables.AGE,
          new Column("Version", "string", "", "Kubelet Version reported by the node.", 0),
          new Column("Internal-IP", "string", "", ADDRESSES, 1),
          new Column("External-IP", "string", "", ADDRESSES, 1),
          new Column(
              "OS-Image",
              "string",
              "",
              "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7"
                  + " (wheezy)).",
              1),
          new Column(
              "Kernel-Version",
              "string",
              "",
              "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
              1),
          new Column(
              "Container-Runtime",
              "string",
              "",
              "ContainerRuntime Version reported by the node through runtime remote API (e.g."
                  + " containerd://1.4.2).",
              1));

  private final Clock clock;

  NodeColumns(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(Node node) {
    List<String> status = new ArrayList<>();
    List<NodeCondition> conditions =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? List.of()
            : node.getStatus().getConditions();
    for (NodeCondition c : conditions) {
      if ("Ready".equals(c.getType())) {
        status.add("True".equals(c.getStatus()) ? "Ready" : "NotReady");
        break;
      }
    }
    if (status.isEmpty()) {
      status.add("Unknown");
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      status.add("SchedulingDisabled");
    }
    NodeSystemInfo info =
        node.getStatus() == null || node.getStatus().getNodeInfo() == null
            ? new NodeSystemInfo()
            : node.getStatus().getNodeInfo();
    return List.of(
        node.getMetadata().getName(),
        String.join(",", status),
        roles(node.getMetadata().getLabels()),
        Tables.age(clock, node.getMetadata().getCreationTimestamp()),
        orEmpty(info.getKubeletVersion()),
        address(node, "InternalIP"),
        address(node, "ExternalIP"),
        orUnknown(info.getOsImage()),
        orUnknown(info.getKernelVersion()),
        orUnknown(info.getContainerRuntimeVersion()));
  }

  private static String roles(Map<String, String> labels) {
    TreeSet<String> roles = new TreeSet<>();
    if (labels != null) {
      labels.forEach(
          (k, v) -> {
            if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
              roles.add(k.substring(ROLE_PREFIX.length()));
            } else if (k.equals(ROLE_LABEL) && !v.isEmpty()) {
              roles.add(v);
            }
          });
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  private static String address(Node node, String type) {
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress a : node.getStatus().getAddresses()) {
        if (type.equals(a.getType())) {
          return a.getAddress();
        }
      }
    }
    return "<none>";
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String orUnknown(String s) {
    return s == null || s.isEmpty() ? "<unknown>" : s;
  }
}
