package io.batchd.store;

import io.batchd.store.etcd.EtcdStore;
import io.batchd.testing.EtcdProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class EtcdStoreContractIT extends StoreContract {
  private static EtcdProcess etcd;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdProcess.start();
  }

  @AfterAll
  static void stopEtcd() {
    etcd.close();
  }

  @Override
  protected Store openStore() {
    return EtcdStore.connect(etcd.endpoints(), 10_000);
  }
}
