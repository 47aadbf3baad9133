package io.batchd.controller.scheduler;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ApiClient;
import io.batchd.client.EventRecorder;
import io.batchd.client.Informer;
import io.batchd.client.InformerHandler;
import io.batchd.client.ResourceClient;
import io.batchd.client.SharedInformers;
import io.batchd.client.WorkQueue;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds each pending pod that names {@code default-scheduler} to a node that fits it. A pod that
 * fits nowhere gets {@code PodScheduled=False} with reason {@code Unschedulable} and is tried again
 * when a node changes or a bound pod goes away.
 */
public final class Scheduler implements AutoCloseable {
  public static final String NAME = "default-scheduler";
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final ResourceClient<Pod> pods;
  private final SharedInformers informers;
  private final boolean ownInformers;
  private final Informer<Pod> podInformer;
  private final Informer<Node> nodeInformer;
  private final WorkQueue<String> queue =
      new WorkQueue<>("scheduler", Duration.ofMillis(5), Duration.ofSeconds(10));
  private final EventRecorder recorder;
  private final SchedulerEvents events;
  private final Clock clock;

  /** Bound pods that have not finished, by uid, including bindings the informer has not shown. */
  private final Map<String, Pod> bound = new ConcurrentHashMap<>();

  private final Map<String, String> unschedulable = new ConcurrentHashMap<>();

  /** A scheduler with informers of its own. */
  public Scheduler(ApiClient client, Clock clock) {
    this(client, clock, null);
  }

  /** A scheduler reading pods and nodes from the process's shared informers (null: its own). */
  public Scheduler(ApiClient client, Clock clock, SharedInformers shared) {
    this.ownInformers = shared == null;
    this.informers = shared == null ? new SharedInformers(client) : shared;
    this.pods = client.resources(Pod.class);
    this.clock = clock;
    this.recorder = new EventRecorder(client, NAME, null, clock);
    this.events = new SchedulerEvents(recorder);
    this.podInformer = informers.of(Pod.class);
    this.nodeInformer = informers.of(Node.class);
  }

  public Scheduler start() {
    nodeInformer.addHandler(
        new InformerHandler<>() {
          @Override
          public void onAdd(Node node) {
            retryUnschedulable();
          }

          @Override
          public void onUpdate(Node old, Node node) {
            retryUnschedulable();
          }
        });
    podInformer.addHandler(
        new InformerHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            track(pod);
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            track(pod);
          }

          @Override
          public void onDelete(Pod pod) {
            unschedulable.remove(key(pod));
            if (bound.remove(pod.getMetadata().getUid()) != null) {
              retryUnschedulable();
            }
          }
        });
    if (ownInformers) {
      informers.start();
    }
    // A platform thread, as the other controllers' loops: see JobController#start.
    Thread.ofPlatform().daemon().name("scheduler").start(this::work);
    return this;
  }

  private void track(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (isFinished(pod)) {
      if (bound.remove(uid) != null) {
        retryUnschedulable();
      }
      unschedulable.remove(key(pod));
      return;
    }
    String nodeName = pod.getSpec().getNodeName();
    if (nodeName != null && !nodeName.isEmpty()) {
      bound.put(uid, pod);
      unschedulable.remove(key(pod));
      return;
    }
    if (NAME.equals(pod.getSpec().getSchedulerName())
        && pod.getMetadata().getDeletionTimestamp() == null) {
      queue.add(key(pod));
    }
  }

  private void retryUnschedulable() {
    unschedulable.keySet().forEach(queue::add);
  }

  private void work() {
    queue.work(
        key -> {
          schedule(key);
          return false;
        },
        (key, e) -> log.warn("scheduling {} failed: {}", key, e.getMessage()));
  }

  private void schedule(String key) {
    String[] parts = key.split("/", 2);
    Optional<Pod> found = podInformer.get(parts[0], parts[1]);
    if (found.isEmpty()) {
      return;
    }
    Pod pod = found.get();
    if (bound.containsKey(pod.getMetadata().getUid())
        || (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty())
        || pod.getMetadata().getDeletionTimestamp() != null
        || isFinished(pod)) {
      return;
    }
    NodeFit.Decision decision =
        NodeFit.choose(pod, nodeInformer.list(), new ArrayList<>(bound.values()));
    if (decision.node().isPresent()) {
      bind(pod, decision.node().get());
    } else {
      markUnschedulable(pod, decision.unschedulableMessage());
    }
  }

  private void bind(Pod pod, String nodeName) {
    Binding binding = new Binding();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(pod.getMetadata().getName());
    meta.setNamespace(pod.getMetadata().getNamespace());
    meta.setUid(pod.getMetadata().getUid());
    binding.setMetadata(meta);
    ObjectReference target = new ObjectReference();
    target.setKind("Node");
    target.setName(nodeName);
    binding.setTarget(target);
    Pod assumed =
        new io.fabric8.kubernetes.api.model.PodBuilder(pod)
            .editSpec()
            .withNodeName(nodeName)
            .endSpec()
            .build();
    bound.put(pod.getMetadata().getUid(), assumed);
    try {
      pods.post(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), "binding", binding);
    } catch (StatusException e) {
      bound.remove(pod.getMetadata().getUid());
      if (e.code() == 404 || e.code() == 409) {
        return; // gone, or bound by someone else meanwhile
      }
      throw e;
    }
    unschedulable.remove(key(pod));
    events.scheduled(pod, nodeName);
  }

  private void markUnschedulable(Pod pod, String message) {
    boolean first = unschedulable.put(key(pod), message) == null;
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    pods.edit(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        current -> {
          if (!current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
            return null;
          }
          List<PodCondition> conditions = new ArrayList<>();
          PodCondition existing = null;
          for (PodCondition c : current.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType())) {
              existing = c;
            } else {
              conditions.add(c);
            }
          }
          if (existing != null
              && "False".equals(existing.getStatus())
              && Objects.equals(existing.getMessage(), message)) {
            return null; // already says so
          }
          PodCondition c = new PodCondition();
          c.setType("PodScheduled");
          c.setStatus("False");
          c.setReason("Unschedulable");
          c.setMessage(message);
          c.setLastTransitionTime(
              existing != null && "False".equals(existing.getStatus())
                  ? existing.getLastTransitionTime()
                  : now);
          conditions.add(0, c);
          current.getStatus().setConditions(conditions);
          return current;
        },
        true);
    if (first) {
      events.failedScheduling(pod, message);
    }
  }

  private static boolean isFinished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  @Override
  public void close() {
    queue.close();
    if (ownInformers) {
      informers.close();
    }
    recorder.close();
  }
}
