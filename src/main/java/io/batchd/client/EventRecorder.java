package io.batchd.client;

import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about objects, as upstream's event recorder does: in the background, so
 * that the component recording is never slowed by it; dropped when a burst fills the queue (with a
 * log line, as upstream drops them); correlated as upstream's recorder does ({@link
 * EventCorrelator}: a spam filter per source and object, and aggregation of events that differ only
 * by their message); and a repeat of the same event on the same object within ten minutes bumps the
 * stored event's count instead of adding one.
 */
public final class EventRecorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final int QUEUE = 1000;
  private static final int REMEMBERED = 4096;
  private static final long REPEAT_WINDOW_SECONDS = 600;

  private final ResourceClient<Event> events;
  private final String component;
  private final String host;
  private final Clock clock;
  private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Map<String, Recorded> recent =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
          return size() > REMEMBERED;
        }
      };
  private final EventCorrelator correlator = new EventCorrelator();
  private final Thread writer;
  private volatile boolean running = true;

  /** Keeps names unique when two events share a clock reading; only the writer thread uses it. */
  private long sequence;

  private record Recorded(String namespace, String name, Instant first, int count) {}

  /**
   * @param component the source component, such as {@code job-controller} or {@code kubelet}
   * @param host the source host (the node name for the kubelet), or null
   */
  public EventRecorder(ApiClient client, String component, String host, Clock clock) {
    this.events = client.resources(Event.class);
    this.component = component;
    this.host = host;
    this.clock = clock;
    this.writer = Thread.ofVirtual().name("events-" + component).start(this::drain);
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, null, "Normal", reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    record(object, null, "Warning", reason, message);
  }

  /** An event about a part of the object, such as {@code spec.containers{c}} of a pod. */
  public void record(
      HasMetadata object, String fieldPath, String type, String reason, String message) {
    Event event = new Event();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace());
    event.setMetadata(meta);
    ObjectReference involved = new ObjectReference();
    involved.setApiVersion(object.getApiVersion());
    involved.setKind(object.getKind());
    involved.setName(object.getMetadata().getName());
    involved.setNamespace(object.getMetadata().getNamespace());
    involved.setUid(object.getMetadata().getUid());
    involved.setResourceVersion(object.getMetadata().getResourceVersion());
    involved.setFieldPath(fieldPath);
    event.setInvolvedObject(involved);
    event.setType(type);
    event.setReason(reason);
    event.setMessage(message);
    event.setSource(new EventSource(component, host));
    event.setReportingComponent(component);
    event.setReportingInstance(host == null ? "" : host);
    if (!queue.offer(event)) {
      log.warn("dropping event {} on {}: too many events queued", reason, involved.getName());
    }
  }

  private void drain() {
    while (running) {
      Event event;
      try {
        event = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null) {
        continue;
      }
      try {
        write(event);
      } catch (RuntimeException e) {
        log.debug("event {} not recorded: {}", event.getReason(), e.getMessage());
      }
    }
  }

  private void write(Event original) {
    Instant now = clock.instant();
    EventCorrelator.Correlated correlated = correlator.correlate(original, now);
    if (correlated == null) {
      log.debug(
          "event {} on {} dropped by the spam filter",
          original.getReason(),
          original.getInvolvedObject().getName());
      return;
    }
    Event event = correlated.event();
    String key = correlated.key();
    String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    ObjectReference o = event.getInvolvedObject();
    Recorded seen = recent.get(key);
    if (seen != null
        && now.getEpochSecond() - seen.first().getEpochSecond() < REPEAT_WINDOW_SECONDS) {
      int count = seen.count() + 1;
      try {
        if (events
            .edit(
                seen.namespace(),
                seen.name(),
                e -> {
                  e.setCount(count);
                  e.setLastTimestamp(time);
                  return e;
                },
                false)
            .isPresent()) {
          recent.put(key, new Recorded(seen.namespace(), seen.name(), seen.first(), count));
          return;
        }
      } catch (StatusException e) {
        // Fall through and record it anew.
      }
    }
    // Named as upstream names events: the object's name and a unique suffix.
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    event.getMetadata().setName(o.getName() + "." + Long.toHexString(nanos + sequence++));
    event.setFirstTimestamp(time);
    event.setLastTimestamp(time);
    event.setCount(1);
    Event created = events.create(event);
    recent.put(
        key,
        new Recorded(
            created.getMetadata().getNamespace(), created.getMetadata().getName(), now, 1));
  }

  @Override
  public void close() {
    running = false;
    writer.interrupt();
  }
}
