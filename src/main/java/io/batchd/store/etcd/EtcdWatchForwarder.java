package io.batchd.store.etcd;

import io.batchd.store.KeyValue;
import io.batchd.store.StoreUnavailableException;
import io.batchd.store.WatchEvent;
import io.batchd.store.WatchStream;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.watch.WatchResponse;

/** Turns jetcd's watch callbacks into store events on a {@link WatchStream}. */
final class EtcdWatchForwarder implements Watch.Listener {
  private final WatchStream stream;
  private final long afterRevision;

  EtcdWatchForwarder(WatchStream stream, long afterRevision) {
    this.stream = stream;
    this.afterRevision = afterRevision;
  }

  @Override
  public void onNext(WatchResponse response) {
    for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
      stream.offer(convert(e));
    }
  }

  private static WatchEvent convert(io.etcd.jetcd.watch.WatchEvent e) {
    KeyValue current = EtcdStore.convert(e.getKeyValue());
    KeyValue previous =
        e.getPrevKV() == null || e.getPrevKV().getKey().isEmpty()
            ? null
            : EtcdStore.convert(e.getPrevKV());
    return switch (e.getEventType()) {
      case DELETE -> WatchEvent.deleted(current.key(), current.modRevision(), previous);
      case PUT ->
          current.createRevision() == current.modRevision()
              ? WatchEvent.added(current)
              : WatchEvent.modified(current, previous);
      default ->
          throw new IllegalStateException("unknown etcd watch event type " + e.getEventType());
    };
  }

  @Override
  public void onError(Throwable error) {
    stream.fail(EtcdErrors.translate(error, afterRevision, () -> -1));
  }

  @Override
  public void onCompleted() {
    stream.fail(new StoreUnavailableException("etcd ended the watch", null));
  }
}
