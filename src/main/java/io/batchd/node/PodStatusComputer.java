package io.batchd.node;

import io.batchd.node.runtime.ContainerExit;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Computes a pod's status from what the agent knows of its containers, the way the kubelet does:
 * the phase, the conditions the kubelet owns, and each container's state. Conditions owned by
 * others (PodScheduled, DisruptionTarget, readiness gates) are kept from the stored status.
 */
final class PodStatusComputer {
  static final Set<String> KUBELET_CONDITIONS =
      Set.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready");

  private PodStatusComputer() {}

  /**
   * @param pod the pod as stored
   * @param init the init containers' records, in order
   * @param containers the regular containers' records
   * @param terminalReason a pod-level reason that ends the pod (DeadlineExceeded), or null
   */
  static PodStatus compute(
      Pod pod,
      List<ContainerRecord> init,
      List<ContainerRecord> containers,
      boolean sandboxReady,
      String hostIp,
      Instant startTime,
      Instant now,
      String terminalReason,
      String terminalMessage) {
    PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    PodStatus status = new PodStatus();
    String phase =
        terminalReason != null
            ? "Failed"
            : phase(pod.getSpec().getRestartPolicy(), init, containers, old.getPhase());
    status.setPhase(phase);
    status.setReason(terminalReason);
    status.setMessage(terminalMessage);
    status.setHostIP(hostIp);
    status.setHostIPs(List.of(new io.fabric8.kubernetes.api.model.HostIP(hostIp)));
    status.setPodIP(hostIp);
    status.setPodIPs(List.of(new PodIP(hostIp)));
    status.setStartTime(startTime == null ? old.getStartTime() : format(startTime));
    status.setQosClass(old.getQosClass());
    status.setNominatedNodeName(old.getNominatedNodeName());
    status.setInitContainerStatuses(statuses(init, false));
    status.setContainerStatuses(statuses(containers, true));
    status.setConditions(conditions(old, phase, init, containers, sandboxReady, now));
    return status;
  }

  /** The kubelet's phase rules, for the containers of a pod that has not been ended by force. */
  static String phase(
      String restartPolicy,
      List<ContainerRecord> init,
      List<ContainerRecord> containers,
      String oldPhase) {
    boolean never = "Never".equals(restartPolicy);
    for (ContainerRecord c : init) {
      if (c.isTerminated() && !c.succeeded() && never) {
        return "Failed";
      }
      if (!c.succeeded()) {
        return "Pending";
      }
    }
    int running = 0;
    int stopped = 0;
    int succeeded = 0;
    int waitingAfterRun = 0;
    for (ContainerRecord c : containers) {
      if (c.isRunning()) {
        running++;
      } else if (c.isTerminated()) {
        stopped++;
        if (c.succeeded()) {
          succeeded++;
        }
      } else if (c.previousExit != null) {
        waitingAfterRun++; // in crash-loop backoff: it has run before
      }
    }
    if (running > 0 || waitingAfterRun > 0) {
      return "Running";
    }
    if (stopped == 0) {
      return "Pending";
    }
    if (stopped < containers.size()) {
      return "Running"; // some still to start
    }
    if ("Always".equals(restartPolicy)) {
      return "Running";
    }
    if (succeeded == stopped) {
      return "Succeeded";
    }
    return never ? "Failed" : "Running";
  }

  private static List<ContainerStatus> statuses(List<ContainerRecord> records, boolean regular) {
    List<ContainerStatus> statuses = new ArrayList<>();
    for (ContainerRecord c : records) {
      ContainerStatus s = new ContainerStatus();
      s.setName(c.name);
      s.setImage(c.image);
      s.setImageID("");
      s.setRestartCount(c.restartCount);
      s.setReady(regular ? c.isReady() : c.succeeded());
      s.setStarted(c.isStarted());
      if (c.running != null) {
        s.setContainerID("process://" + c.running.pid());
      }
      s.setState(state(c));
      if (c.previousExit != null) {
        s.setLastState(terminated(c.previousExit, c.previousStartedAt, null));
      } else {
        s.setLastState(new ContainerState());
      }
      statuses.add(s);
    }
    return statuses;
  }

  private static ContainerState state(ContainerRecord c) {
    if (c.exit != null) {
      return terminated(c.exit, c.startedAt, c.running == null ? null : c.running.pid());
    }
    if (c.running != null) {
      ContainerState state = new ContainerState();
      state.setRunning(new ContainerStateRunning(format(c.startedAt)));
      return state;
    }
    ContainerState state = new ContainerState();
    state.setWaiting(new ContainerStateWaiting(c.waitingMessage, c.waitingReason));
    return state;
  }

  private static ContainerState terminated(ContainerExit exit, Instant startedAt, Long pid) {
    ContainerStateTerminated t = new ContainerStateTerminated();
    t.setExitCode(exit.exitCode());
    t.setReason(exit.reason());
    t.setMessage(exit.message());
    t.setSignal(exit.signal());
    t.setStartedAt(startedAt == null ? null : format(startedAt));
    t.setFinishedAt(format(exit.finishedAt()));
    if (pid != null) {
      t.setContainerID("process://" + pid);
    }
    ContainerState state = new ContainerState();
    state.setTerminated(t);
    return state;
  }

  private static List<PodCondition> conditions(
      PodStatus old,
      String phase,
      List<ContainerRecord> init,
      List<ContainerRecord> containers,
      boolean sandboxReady,
      Instant now) {
    boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
    List<String> incompleteInit =
        init.stream().filter(c -> !c.succeeded()).map(c -> c.name).toList();
    List<String> unready = containers.stream().filter(c -> !c.isReady()).map(c -> c.name).toList();

    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(
        condition(old, "PodReadyToStartContainers", sandboxReady && !terminal, null, null, now));
    if (phase.equals("Succeeded")) {
      conditions.add(condition(old, "Initialized", true, "PodCompleted", null, now));
    } else if (incompleteInit.isEmpty()) {
      conditions.add(condition(old, "Initialized", true, null, null, now));
    } else {
      conditions.add(
          condition(
              old,
              "Initialized",
              false,
              "ContainersNotInitialized",
              "containers with incomplete status: " + goList(incompleteInit),
              now));
    }
    boolean ready = !terminal && unready.isEmpty() && incompleteInit.isEmpty();
    String reason = null;
    String message = null;
    if (!ready) {
      if (terminal && phase.equals("Succeeded")) {
        reason = "PodCompleted";
      } else if (!incompleteInit.isEmpty()) {
        reason = "ContainersNotInitialized";
        message = "containers with incomplete status: " + goList(incompleteInit);
      } else {
        reason = terminal ? "PodFailed" : "ContainersNotReady";
        message = terminal ? null : "containers with unready status: " + goList(unready);
      }
      if (terminal && !phase.equals("Succeeded")) {
        reason = "PodFailed";
        message = null;
      }
    }
    conditions.add(condition(old, "ContainersReady", ready, reason, message, now));
    conditions.add(condition(old, "Ready", ready, reason, message, now));
    for (PodCondition c : old.getConditions()) {
      if (!KUBELET_CONDITIONS.contains(c.getType())) {
        conditions.add(c);
      }
    }
    return conditions;
  }

  /** A condition whose transition time changes only when its status does, as the kubelet does. */
  private static PodCondition condition(
      PodStatus old, String type, boolean value, String reason, String message, Instant now) {
    String status = value ? "True" : "False";
    String since = format(now);
    for (PodCondition c : old.getConditions()) {
      if (c.getType().equals(type) && Objects.equals(c.getStatus(), status)) {
        since = c.getLastTransitionTime();
      }
    }
    PodCondition condition = new PodCondition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setLastTransitionTime(since);
    return condition;
  }

  /** Go's fmt of a string slice: {@code [a b]}. */
  private static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  /** The status without condition transition times, to tell whether anything else changed. */
  static PodStatus withoutTimes(PodStatus status) {
    PodStatus copy = new io.fabric8.kubernetes.api.model.PodStatusBuilder(status).build();
    for (PodCondition c : copy.getConditions()) {
      c.setLastTransitionTime(null);
      c.setLastProbeTime(null);
    }
    return copy;
  }

  static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
