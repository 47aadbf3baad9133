package io.batchd.apiserver;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of {@code kubectl get pods}, as upstream's {@code printPod} computes them: READY
 * counts ready containers (restartable init containers included), STATUS is the phase refined by
 * init progress ({@code Init:1/2}, {@code Init:Error}), container waiting and terminated reasons,
 * {@code Completed}, {@code NotReady} and {@code Terminating}; RESTARTS adds "(5m ago)" after the
 * last restart.
 */
final class PodColumns implements TableColumns<Pod> {
  private static final List<Column> COLUMNS =
      List.of(
          Tables.NAME,
          new Column(
              "Ready",
              "string",
              "",
              "The aggregate readiness state of this pod for accepting traffic.",
              0),
          new Column(
              "Status", "string", "", "The aggregate status of the containers in this pod.", 0),
          new Column(
              "Restarts",
              "string",
              "",
              "The number of times the containers in this pod have been restarted and when the last"
                  + " container in this pod has restarted.",
              0),
          Tables.AGE,
          new Column(
              "IP",
              "string",
              "",
              "podIP address allocated to the pod. Routable at least within the cluster. Empty if"
                  + " not yet allocated.",
              1),
          new Column(
              "Node",
              "string",
              "",
              "NodeName indicates in which node this pod is scheduled. If empty, this pod is a"
                  + " candidate for scheduling by the scheduler defined in schedulerName.",
              1),
          new Column(
              "Nominated Node",
              "string",
              "",
              "nominatedNodeName is set only when this pod preempts other pods on the node, but it"
                  + " cannot be scheduled right away as preemption victims receive their graceful"
                  + " termination periods.",
              1),
          new Column(
              "Readiness Gates",
              "string",
              "",
              "If specified, all readiness gates will be evaluated for pod readiness.",
              1));

  private final Clock clock;

  PodColumns(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(Pod pod) {
    PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    Summary s = summarize(pod, spec, status);
    String restarts = Integer.toString(s.restarts);
    if (s.restarts != 0 && s.lastRestart != null) {
      restarts = s.restarts + " (" + Tables.age(clock, s.lastRestart.toString()) + " ago)";
    }
    String podIp =
        status.getPodIPs() == null || status.getPodIPs().isEmpty()
            ? ""
            : orEmpty(status.getPodIPs().get(0).getIp());
    return List.of(
        pod.getMetadata().getName(),
        s.ready + "/" + s.total,
        s.reason,
        restarts,
        Tables.age(clock, pod.getMetadata().getCreationTimestamp()),
        orNone(podIp),
        orNone(spec.getNodeName()),
        orNone(status.getNominatedNodeName()),
        readinessGates(spec, status));
  }

  private static final class Summary {
    int restarts;
    int ready;
    int total;
    String reason;
    Instant lastRestart;
  }

  private static Summary summarize(Pod pod, PodSpec spec, PodStatus status) {
    Summary s = new Summary();
    s.total = nonNull(spec.getContainers()).size();
    s.reason = orEmpty(status.getPhase());
    if (status.getReason() != null && !status.getReason().isEmpty()) {
      s.reason = status.getReason();
    }
    for (PodCondition c : nonNull(status.getConditions())) {
      if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
        s.reason = "SchedulingGated";
      }
    }
    Set<String> restartable = new HashSet<>();
    for (Container c : nonNull(spec.getInitContainers())) {
      if ("Always".equals(c.getRestartPolicy())) {
        restartable.add(c.getName());
        s.total++;
      }
    }
    int restartableRestarts = 0;
    Instant lastRestartableRestart = null;
    boolean initializing = false;
    List<ContainerStatus> initStatuses = nonNull(status.getInitContainerStatuses());
    int initCount = nonNull(spec.getInitContainers()).size();
    for (int i = 0; i < initStatuses.size(); i++) {
      ContainerStatus c = initStatuses.get(i);
      s.restarts += restartCount(c);
      s.lastRestart = later(s.lastRestart, lastTerminationFinished(c));
      boolean isRestartable = restartable.contains(c.getName());
      if (isRestartable) {
        restartableRestarts += restartCount(c);
        lastRestartableRestart = later(lastRestartableRestart, lastTerminationFinished(c));
      }
      var terminated = c.getState() == null ? null : c.getState().getTerminated();
      var waiting = c.getState() == null ? null : c.getState().getWaiting();
      if (terminated != null && exitCode(terminated.getExitCode()) == 0) {
        continue;
      }
      if (isRestartable && Boolean.TRUE.equals(c.getStarted())) {
        if (Boolean.TRUE.equals(c.getReady())) {
          s.ready++;
        }
        continue;
      }
      if (terminated != null) {
        if (terminated.getReason() == null || terminated.getReason().isEmpty()) {
          s.reason =
              signal(terminated.getSignal()) != 0
                  ? "Init:Signal:" + terminated.getSignal()
                  : "Init:ExitCode:" + exitCode(terminated.getExitCode());
        } else {
          s.reason = "Init:" + terminated.getReason();
        }
      } else if (waiting != null
          && waiting.getReason() != null
          && !waiting.getReason().isEmpty()
          && !waiting.getReason().equals("PodInitializing")) {
        s.reason = "Init:" + waiting.getReason();
      } else {
        s.reason = "Init:" + i + "/" + initCount;
      }
      initializing = true;
      break;
    }
    if (!initializing || hasCondition(status, "Initialized")) {
      s.restarts = restartableRestarts;
      s.lastRestart = lastRestartableRestart;
      boolean hasRunning = false;
      List<ContainerStatus> statuses = nonNull(status.getContainerStatuses());
      for (int i = statuses.size() - 1; i >= 0; i--) {
        ContainerStatus c = statuses.get(i);
        s.restarts += restartCount(c);
        s.lastRestart = later(s.lastRestart, lastTerminationFinished(c));
        var state = c.getState();
        var waiting = state == null ? null : state.getWaiting();
        var terminated = state == null ? null : state.getTerminated();
        if (waiting != null && waiting.getReason() != null && !waiting.getReason().isEmpty()) {
          s.reason = waiting.getReason();
        } else if (terminated != null
            && terminated.getReason() != null
            && !terminated.getReason().isEmpty()) {
          s.reason = terminated.getReason();
        } else if (terminated != null) {
          s.reason =
              signal(terminated.getSignal()) != 0
                  ? "Signal:" + terminated.getSignal()
                  : "ExitCode:" + exitCode(terminated.getExitCode());
        } else if (Boolean.TRUE.equals(c.getReady())
            && state != null
            && state.getRunning() != null) {
          hasRunning = true;
          s.ready++;
        }
      }
      if (s.reason.equals("Completed") && hasRunning) {
        s.reason = hasCondition(status, "Ready") ? "Running" : "NotReady";
      }
    }
    String phase = orEmpty(status.getPhase());
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      if ("NodeLost".equals(status.getReason())) {
        s.reason = "Unknown";
      } else if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
        s.reason = "Terminating";
      }
    }
    return s;
  }

  private static String readinessGates(PodSpec spec, PodStatus status) {
    List<PodReadinessGate> gates = nonNull(spec.getReadinessGates());
    if (gates.isEmpty()) {
      return "<none>";
    }
    int met = 0;
    for (PodReadinessGate gate : gates) {
      for (PodCondition c : nonNull(status.getConditions())) {
        if (c.getType() != null && c.getType().equals(gate.getConditionType())) {
          if ("True".equals(c.getStatus())) {
            met++;
          }
          break;
        }
      }
    }
    return met + "/" + gates.size();
  }

  private static boolean hasCondition(PodStatus status, String type) {
    for (PodCondition c : nonNull(status.getConditions())) {
      if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
        return true;
      }
    }
    return false;
  }

  private static int restartCount(ContainerStatus c) {
    return c.getRestartCount() == null ? 0 : c.getRestartCount();
  }

  private static Instant lastTerminationFinished(ContainerStatus c) {
    if (c.getLastState() == null
        || c.getLastState().getTerminated() == null
        || c.getLastState().getTerminated().getFinishedAt() == null) {
      return null;
    }
    try {
      return Instant.parse(c.getLastState().getTerminated().getFinishedAt());
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }

  private static int exitCode(Integer code) {
    return code == null ? 0 : code;
  }

  private static int signal(Integer signal) {
    return signal == null ? 0 : signal;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
