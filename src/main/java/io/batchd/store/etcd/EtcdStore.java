package io.batchd.store.etcd;

import io.batchd.store.CompactedException;
import io.batchd.store.ConflictException;
import io.batchd.store.FutureRevisionException;
import io.batchd.store.KeyExistsException;
import io.batchd.store.KeyNotFoundException;
import io.batchd.store.KeyValue;
import io.batchd.store.Keys;
import io.batchd.store.ListOptions;
import io.batchd.store.ListResult;
import io.batchd.store.Store;
import io.batchd.store.StoreException;
import io.batchd.store.StoreUnavailableException;
import io.batchd.store.Watch;
import io.batchd.store.WatchListener;
import io.batchd.store.WatchStream;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The distributed store: etcd, through jetcd, for several batchd servers sharing one state.
 *
 * <p>Each operation is one etcd request; compare-and-swap uses etcd transactions on the key's
 * create or mod revision, exactly as Kubernetes' own storage layer does.
 */
public final class EtcdStore implements Store {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Client client;
  private final KV kv;
  private final int watchCapacity;

  private EtcdStore(Client client, int watchCapacity) {
    this.client = client;
    this.kv = client.getKVClient();
    this.watchCapacity = watchCapacity;
  }

  /** Connects to the etcd cluster at {@code endpoints} (such as {@code http://127.0.0.1:2379}). */
  public static EtcdStore connect(List<String> endpoints, int watchCapacity) {
    Client client = Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
    EtcdStore store = new EtcdStore(client, watchCapacity);
    store.currentRevision(); // fail now, with a clear message, if etcd cannot be reached
    return store;
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    Keys.requireValid(key);
    Keys.requireValidValue(key, value);
    ByteSequence k = bytes(key);
    TxnResponse r =
        await(
            kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .commit());
    if (!r.isSucceeded()) {
      throw new KeyExistsException(key);
    }
    long revision = r.getHeader().getRevision();
    return new KeyValue(key, value.clone(), revision, revision);
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return first(await(kv.get(bytes(Keys.requireValid(key)))));
  }

  @Override
  public Optional<KeyValue> get(String key, long revision) {
    GetOption option = GetOption.builder().withRevision(requirePositive(revision)).build();
    return first(await(kv.get(bytes(Keys.requireValid(key)), option), revision));
  }

  @Override
  public ListResult list(String prefix, ListOptions options) {
    Keys.requireValid(prefix);
    String start = options.startAfter() == null ? prefix : options.startAfter() + "\0";
    GetOption.Builder option =
        GetOption.builder()
            .withRange(bytes(Keys.prefixEnd(prefix)))
            .withRevision(options.revision())
            .withSortField(GetOption.SortTarget.KEY)
            .withSortOrder(GetOption.SortOrder.ASCEND);
    if (options.limit() > 0) {
      option.withLimit(options.limit());
    }
    GetResponse r = await(kv.get(bytes(start), option.build()), options.revision());
    List<KeyValue> items = new ArrayList<>(r.getKvs().size());
    r.getKvs().forEach(item -> items.add(convert(item)));
    long revision = options.revision() == 0 ? r.getHeader().getRevision() : options.revision();
    return new ListResult(items, revision, r.isMore());
  }

  @Override
  public long count(String prefix) {
    Keys.requireValid(prefix);
    GetOption option =
        GetOption.builder().withRange(bytes(Keys.prefixEnd(prefix))).withCountOnly(true).build();
    return await(kv.get(bytes(prefix), option)).getCount();
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    Keys.requireValid(key);
    Keys.requireValidValue(key, value);
    ByteSequence k = bytes(key);
    TxnResponse r =
        await(
            kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
    if (!r.isSucceeded()) {
      throw mismatch(key, r, expectedModRevision);
    }
    KeyValue previous = convert(r.getPutResponses().get(0).getPrevKv());
    return new KeyValue(key, value.clone(), previous.createRevision(), r.getHeader().getRevision());
  }

  @Override
  public KeyValue delete(String key, long expectedModRevision) {
    Keys.requireValid(key);
    ByteSequence k = bytes(key);
    TxnResponse r =
        await(
            kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
    if (!r.isSucceeded()) {
      throw mismatch(key, r, expectedModRevision);
    }
    return convert(r.getDeleteResponses().get(0).getPrevKvs().get(0));
  }

  /** Why a guarded write did not apply: the key is gone, or it moved on. */
  private static StoreException mismatch(String key, TxnResponse r, long expectedModRevision) {
    List<io.etcd.jetcd.KeyValue> found = r.getGetResponses().get(0).getKvs();
    if (found.isEmpty()) {
      return new KeyNotFoundException(key);
    }
    return new ConflictException(convert(found.get(0)), expectedModRevision);
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    Keys.requireValid(prefix);
    WatchStream stream = new WatchStream(listener, afterRevision, watchCapacity);
    stream.start(prefix, sink -> requireWatchable(afterRevision));
    WatchOption option =
        WatchOption.builder()
            .withRange(bytes(Keys.prefixEnd(prefix)))
            .withRevision(afterRevision + 1)
            .withPrevKV(true)
            .build();
    io.etcd.jetcd.Watch.Watcher watcher =
        client
            .getWatchClient()
            .watch(bytes(prefix), option, new EtcdWatchForwarder(stream, afterRevision));
    return () -> {
      // Close the stream first: jetcd reports the closing as a completed watch, which must not
      // reach the listener as an error.
      stream.close();
      watcher.close();
    };
  }

  /**
   * etcd lets a watch start at the compaction point itself but then omits the previous value of the
   * change made there; the contract refuses such a watch instead, as a read at the watch's start
   * revision would fail.
   */
  private void requireWatchable(long afterRevision) {
    if (afterRevision <= 0) {
      return;
    }
    try {
      await(
          kv.get(
              bytes("/"),
              GetOption.builder().withRevision(afterRevision).withCountOnly(true).build()),
          afterRevision);
    } catch (FutureRevisionException notYetReached) {
      // Watching a revision not reached yet is allowed: the watch waits for it.
    }
  }

  @Override
  public long currentRevision() {
    return await(kv.get(bytes("/"), GetOption.builder().withCountOnly(true).build()))
        .getHeader()
        .getRevision();
  }

  @Override
  public void compact(long revision) {
    try {
      await(kv.compact(requirePositive(revision)), revision);
    } catch (CompactedException alreadyCompacted) {
      // Compacting to a revision at or below the compaction point is a no-op, as the contract says.
    }
  }

  @Override
  public void close() {
    client.close();
  }

  static KeyValue convert(io.etcd.jetcd.KeyValue item) {
    return new KeyValue(
        item.getKey().toString(StandardCharsets.US_ASCII),
        item.getValue().getBytes(),
        item.getCreateRevision(),
        item.getModRevision());
  }

  private static Optional<KeyValue> first(GetResponse r) {
    return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(convert(r.getKvs().get(0)));
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.US_ASCII);
  }

  private static long requirePositive(long revision) {
    if (revision <= 0) {
      throw new IllegalArgumentException("revision must be positive: " + revision);
    }
    return revision;
  }

  private <T> T await(CompletableFuture<T> future) {
    return await(future, 0);
  }

  /** Waits for an etcd call, turning etcd's errors into the store's. */
  private <T> T await(CompletableFuture<T> future, long requestedRevision) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for etcd", e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StoreUnavailableException("etcd did not answer within " + TIMEOUT, e);
    } catch (ExecutionException e) {
      throw EtcdErrors.translate(e.getCause(), requestedRevision, this::currentRevision);
    }
  }
}
