package io.batchd.store;

import io.batchd.store.sqlite.SqliteOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link StoreDurabilityIT}: writes as fast as it can from several threads and
 * prints a line for every write the store acknowledged, until it is killed.
 *
 * <p>Arguments: the store location ({@code sqlite} or {@code etcd://...}) and the data directory.
 */
public final class DurabilityWriter {
  static final int THREADS = 4;

  public static void main(String[] args) throws Exception {
    Store store = StoreFactory.open(args[0], Path.of(args[1]), SqliteOptions.defaults());
    String run = args[2];
    Thread[] writers = new Thread[THREADS];
    for (int t = 0; t < THREADS; t++) {
      String key = "/registry/durability/" + run + "/writer-" + t;
      writers[t] = Thread.ofVirtual().start(() -> write(store, key));
    }
    System.out.println("READY");
    System.out.flush();
    for (Thread w : writers) {
      w.join();
    }
  }

  /** Creates {@code key} and then counts upwards in it, reporting each acknowledged value. */
  private static void write(Store store, String key) {
    KeyValue kv = store.create(key, value(0));
    acknowledge(key, 0);
    for (int n = 1; ; n++) {
      kv = store.update(key, value(n), kv.modRevision());
      acknowledge(key, n);
    }
  }

  private static byte[] value(int n) {
    return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  private static void acknowledge(String key, int n) {
    synchronized (System.out) {
      System.out.println("ACK " + key + " " + n);
      System.out.flush();
    }
  }
}
