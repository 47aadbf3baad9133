package io.batchd.client;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Upstream's event correlation, before an event is written: the spam filter (a source may record 25
 * events about one object at once, then one every five minutes) and aggregation (from the tenth
 * event of one reason about one object within ten minutes that differs only by its message, one
 * event "(combined from similar events): ..." is counted up instead). Without them a Job of
 * thousands of pods wrote one {@code SuccessfulCreate} event per pod; upstream keeps about 25.
 *
 * <p>Used by {@link EventRecorder}'s writer thread only: not thread-safe.
 */
final class EventCorrelator {
  static final int SPAM_BURST = 25;
  static final double SPAM_REFILL_PER_SECOND = 1.0 / 300;
  static final int AGGREGATE_AFTER = 10;
  static final long AGGREGATE_WINDOW_SECONDS = 600;
  static final String AGGREGATE_PREFIX = "(combined from similar events): ";
  private static final int REMEMBERED = 4096;

  private final Map<String, TokenBucket> spam = lru();
  private final Map<String, Similar> similar = lru();

  /** What to write: the event (possibly the aggregate one) and the key it is counted under. */
  record Correlated(Event event, String key) {}

  /** The event to write and its counting key, or null when the spam filter drops it. */
  Correlated correlate(Event event, Instant now) {
    TokenBucket bucket = spam.computeIfAbsent(spamKey(event), k -> new TokenBucket(now));
    if (!bucket.tryTake(now)) {
      return null;
    }
    String aggregateKey = aggregateKey(event);
    Similar group = similar.get(aggregateKey);
    if (group == null
        || now.getEpochSecond() - group.last.getEpochSecond() > AGGREGATE_WINDOW_SECONDS) {
      group = new Similar();
      similar.put(aggregateKey, group);
    }
    group.messages.add(Objects.toString(event.getMessage(), ""));
    group.last = now;
    if (group.messages.size() < AGGREGATE_AFTER) {
      return new Correlated(event, eventKey(event));
    }
    // Keep the set at its bound, as upstream drops one message once it aggregates.
    Iterator<String> any = group.messages.iterator();
    any.next();
    any.remove();
    Event aggregate = new Event();
    aggregate.setMetadata(event.getMetadata());
    aggregate.setInvolvedObject(event.getInvolvedObject());
    aggregate.setType(event.getType());
    aggregate.setReason(event.getReason());
    aggregate.setMessage(AGGREGATE_PREFIX + event.getMessage());
    aggregate.setSource(event.getSource());
    aggregate.setReportingComponent(event.getReportingComponent());
    aggregate.setReportingInstance(event.getReportingInstance());
    return new Correlated(aggregate, aggregateKey);
  }

  private static String spamKey(Event e) {
    ObjectReference o = e.getInvolvedObject();
    return String.join(
        "\u0000",
        e.getSource().getComponent(),
        Objects.toString(e.getSource().getHost(), ""),
        o.getKind(),
        Objects.toString(o.getNamespace(), ""),
        o.getName(),
        Objects.toString(o.getUid(), ""),
        o.getApiVersion());
  }

  private static String aggregateKey(Event e) {
    return String.join(
        "\u0000",
        spamKey(e),
        e.getType(),
        e.getReason(),
        Objects.toString(e.getReportingComponent(), ""),
        Objects.toString(e.getReportingInstance(), ""));
  }

  /** The key of exactly this event: repeats of it are counted on one stored event. */
  static String eventKey(Event e) {
    ObjectReference o = e.getInvolvedObject();
    return String.join(
        "\u0000",
        spamKey(e),
        Objects.toString(o.getFieldPath(), ""),
        e.getType(),
        e.getReason(),
        Objects.toString(e.getMessage(), ""));
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > REMEMBERED;
      }
    };
  }

  /** The messages of one reason about one object, and when the last of them came. */
  private static final class Similar {
    final Set<String> messages = new HashSet<>();
    Instant last;
  }

  /** Upstream's token bucket: full at first, refilled continuously, never above its burst. */
  private static final class TokenBucket {
    private double tokens = SPAM_BURST;
    private Instant refilled;

    TokenBucket(Instant now) {
      this.refilled = now;
    }

    boolean tryTake(Instant now) {
      double seconds = Math.max(0, (now.toEpochMilli() - refilled.toEpochMilli()) / 1000.0);
      tokens = Math.min(SPAM_BURST, tokens + seconds * SPAM_REFILL_PER_SECOND);
      refilled = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }
}
