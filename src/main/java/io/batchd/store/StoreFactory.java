package io.batchd.store;

import io.batchd.store.etcd.EtcdStore;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the store a server is configured with. The location is {@code sqlite} (the embedded
 * default, {@code store.db} in the data directory), {@code sqlite:PATH} (another file), or {@code
 * etcd://HOST:PORT[,HOST:PORT...]} (an etcd cluster, reached over plain gRPC; TLS to etcd is not
 * supported yet).
 */
public final class StoreFactory {
  private StoreFactory() {}

  public static Store open(String location, Path dataDir, SqliteOptions sqliteOptions) {
    if (location.equals("sqlite")) {
      return SqliteStore.open(dataDir.resolve("store.db"), sqliteOptions);
    }
    if (location.startsWith("sqlite:")) {
      return SqliteStore.open(Path.of(location.substring("sqlite:".length())), sqliteOptions);
    }
    if (location.startsWith("etcd://")) {
      return EtcdStore.connect(etcdEndpoints(location), sqliteOptions.watchCapacity());
    }
    throw new IllegalArgumentException(
        "unknown store '"
            + location
            + "': use sqlite, sqlite:PATH or etcd://HOST:PORT[,HOST:PORT...]");
  }

  /** {@code etcd://a:1,b:2} becomes {@code [http://a:1, http://b:2]}. */
  static List<String> etcdEndpoints(String location) {
    String hosts = location.substring("etcd://".length());
    List<String> endpoints = new ArrayList<>();
    for (String host : hosts.split(",")) {
      String trimmed = host.strip();
      if (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (trimmed.isEmpty() || !trimmed.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
        throw new IllegalArgumentException(
            "bad etcd endpoint '" + host + "' in '" + location + "': expected HOST:PORT");
      }
      endpoints.add("http://" + trimmed);
    }
    return endpoints;
  }
}
