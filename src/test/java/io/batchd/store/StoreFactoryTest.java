package io.batchd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFactoryTest {
  @TempDir Path dir;

  @Test
  void etcdLocationsBecomeEndpoints() {
    assertThat(StoreFactory.etcdEndpoints("etcd://127.0.0.1:2379"))
        .containsExactly("http://127.0.0.1:2379");
    assertThat(StoreFactory.etcdEndpoints("etcd://a:1, b:2/"))
        .containsExactly("http://a:1", "http://b:2");
  }

  @Test
  void badEtcdEndpointsSayWhatIsExpected() {
    assertThatThrownBy(() -> StoreFactory.etcdEndpoints("etcd://nohostport"))
        .hasMessageContaining("expected HOST:PORT");
    assertThatThrownBy(() -> StoreFactory.etcdEndpoints("etcd://"))
        .hasMessageContaining("expected HOST:PORT");
  }

  @Test
  void unknownLocationsNameTheAcceptedForms() {
    assertThatThrownBy(() -> StoreFactory.open("mysql://x", dir, SqliteOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sqlite, sqlite:PATH or etcd://");
  }

  @Test
  void sqliteGoesToTheDataDirectoryOrTheGivenPath() {
    try (Store store = StoreFactory.open("sqlite", dir, SqliteOptions.defaults())) {
      assertThat(store).isInstanceOf(SqliteStore.class);
    }
    assertThat(Files.exists(dir.resolve("store.db"))).isTrue();
    Path other = dir.resolve("elsewhere/other.db");
    try (Store store = StoreFactory.open("sqlite:" + other, dir, SqliteOptions.defaults())) {
      store.create("/k", new byte[] {1});
    }
    assertThat(Files.exists(other)).isTrue();
  }

  @Test
  void aSecondProcessCannotOpenTheSameEmbeddedStore() {
    try (Store first = StoreFactory.open("sqlite", dir, SqliteOptions.defaults())) {
      assertThatThrownBy(() -> StoreFactory.open("sqlite", dir, SqliteOptions.defaults()))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("another process is using the store");
      assertThat(first.currentRevision()).isZero();
    }
    try (Store again = StoreFactory.open("sqlite", dir, SqliteOptions.defaults())) {
      assertThat(again.currentRevision()).isZero();
    }
  }
}
