package io.batchd.controller.scheduler;

import io.batchd.api.errors.StatusException;
import io.batchd.client.ApiClient;
import io.batchd.client.ResourceClient;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The events the scheduler records, worded as upstream's: Scheduled and FailedScheduling. */
final class SchedulerEvents {
  private static final Logger log = LoggerFactory.getLogger(SchedulerEvents.class);
  private final ResourceClient<Event> events;
  private final Clock clock;

  SchedulerEvents(ApiClient client, Clock clock) {
    this.events = client.resources(Event.class);
    this.clock = clock;
  }

  void scheduled(Pod pod, String node) {
    record(
        pod,
        "Normal",
        "Scheduled",
        "Successfully assigned "
            + pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + " to "
            + node);
  }

  void failedScheduling(Pod pod, String message) {
    record(pod, "Warning", "FailedScheduling", message);
  }

  private void record(Pod pod, String type, String reason, String message) {
    Event event = new Event();
    ObjectMeta meta = new ObjectMeta();
    meta.setGenerateName(pod.getMetadata().getName() + ".");
    meta.setNamespace(pod.getMetadata().getNamespace());
    event.setMetadata(meta);
    ObjectReference involved = new ObjectReference();
    involved.setApiVersion("v1");
    involved.setKind("Pod");
    involved.setName(pod.getMetadata().getName());
    involved.setNamespace(pod.getMetadata().getNamespace());
    involved.setUid(pod.getMetadata().getUid());
    event.setInvolvedObject(involved);
    event.setType(type);
    event.setReason(reason);
    event.setMessage(message);
    event.setAction("Scheduling");
    event.setReportingComponent(Scheduler.NAME);
    event.setReportingInstance(Scheduler.NAME);
    event.setSource(new EventSource(Scheduler.NAME, null));
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    event.setFirstTimestamp(now);
    event.setLastTimestamp(now);
    event.setCount(1);
    try {
      events.create(event);
    } catch (StatusException e) {
      log.debug(
          "event {} for {} not recorded: {}", reason, pod.getMetadata().getName(), e.getMessage());
    }
  }
}
