package io.batchd.registry;

import io.batchd.store.KeyValue;
import io.batchd.store.WatchEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One store event as every watcher of a resource sees it: its objects decoded once, for selectors
 * to look at, and its watch event encoded once per event type, for clients that are sent JSON. A
 * thousand watchers of a collection then cost one decode and one encode per change, not a thousand.
 *
 * <p>The decoded objects are shared and must not be changed; a watcher that hands objects on
 * (in-process clients keep them) gets a copy of its own ({@link Registry#decode}).
 */
final class SharedEvent<T extends HasMetadata> {
  private static final byte[] OBJECT = ",\"object\":".getBytes(StandardCharsets.US_ASCII);

  private final Registry<T> registry;
  private final WatchEvent event;
  private volatile T current;
  private volatile T previous;
  private volatile byte[] added;
  private volatile byte[] modified;
  private volatile byte[] deleted;

  SharedEvent(Registry<T> registry, WatchEvent event) {
    this.registry = registry;
    this.event = event;
  }

  WatchEvent event() {
    return event;
  }

  /** The new version, decoded (shared: read only), or null for a deletion. */
  T current() {
    T c = current;
    if (c == null && event.current() != null) {
      // Watchers ask at the same moment: one decodes, the others wait for it.
      synchronized (this) {
        c = current;
        if (c == null) {
          c = registry.decode(event.current());
          current = c;
        }
      }
    }
    return c;
  }

  /** The version before, decoded (shared: read only), or null for a creation. */
  T previous() {
    T p = previous;
    if (p == null && event.previous() != null) {
      synchronized (this) {
        p = previous;
        if (p == null) {
          p = registry.decode(event.previous());
          previous = p;
        }
      }
    }
    return p;
  }

  /**
   * The watch event {@code {"type":...,"object":...}} as a client is sent it: ADDED and MODIFIED
   * carry the new version, DELETED the last version with the deletion's resourceVersion.
   */
  byte[] json(String type) {
    byte[] line =
        switch (type) {
          case "ADDED" -> added;
          case "MODIFIED" -> modified;
          case "DELETED" -> deleted;
          default -> throw new IllegalArgumentException(type);
        };
    return line != null ? line : encodeOnce(type);
  }

  private synchronized byte[] encodeOnce(String type) {
    return switch (type) {
      case "ADDED" -> added != null ? added : (added = encode(type, event.current()));
      case "MODIFIED" -> modified != null ? modified : (modified = encode(type, event.current()));
      case "DELETED" -> deleted != null ? deleted : (deleted = encode(type, event.previous()));
      default -> throw new IllegalArgumentException(type);
    };
  }

  private byte[] encode(String type, KeyValue kv) {
    return line(registry, type, kv, event.revision());
  }

  /** {@code {"type":"<type>","object":<served kv at revision>}}. */
  static byte[] line(Registry<?> registry, String type, KeyValue kv, long revision) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(kv.value().length + 64);
    out.writeBytes(("{\"type\":\"" + type + "\"").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(OBJECT);
    ServedJson.write(kv, revision, out, () -> registry.decodeAt(kv, revision));
    out.write('}');
    return out.toByteArray();
  }
}
