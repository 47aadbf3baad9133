package io.batchd.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Raw jetcd {@code put}s on a client of their own: no transaction, no compare, nothing read back.
 * The store's create and update are each one etcd transaction (a compare on the key's revision and
 * a put), so this is the ceiling for them. Several writers each wait for their own put, so there
 * are as many puts in flight as writers.
 */
final class EtcdBaseline implements Baseline {
  private final Client client;
  private final KV kv;
  private final ByteSequence value;

  EtcdBaseline(List<String> endpoints, byte[] value) {
    this.client = Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
    this.kv = client.getKVClient();
    this.value = ByteSequence.from(value);
  }

  /** The etcd server's version, for the record. */
  String serverVersion(String endpoint) throws Exception {
    return client
        .getMaintenanceClient()
        .statusMember(endpoint)
        .get(30, TimeUnit.SECONDS)
        .getVersion();
  }

  @Override
  public String name() {
    return "raw-jetcd-put";
  }

  @Override
  public Load.Write writer(String prefix, int writer) {
    return n -> {
      ByteSequence key =
          ByteSequence.from(prefix + "/w" + writer + "-" + n, StandardCharsets.UTF_8);
      kv.put(key, value).get(30, TimeUnit.SECONDS);
    };
  }

  @Override
  public void close() {
    client.close();
  }
}
