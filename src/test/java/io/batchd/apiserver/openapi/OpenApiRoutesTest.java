package io.batchd.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenApiRoutesTest {

  @Test
  void documentsAreBuiltOnFirstRequestNotWhenRegistered() throws Exception {
    AtomicInteger builds = new AtomicInteger();
    OpenApiRoutes routes =
        new OpenApiRoutes(
            () -> {
              builds.incrementAndGet();
              return OpenApiDocuments.build(ServedTypes.ALL, "v1.32.5");
            },
            Clock.systemUTC());

    assertThat(builds).hasValue(0);
    OpenApiDocuments built = routes.documents().get(60, TimeUnit.SECONDS);

    assertThat(built.v3("apis/batch/v1")).isPresent();
    assertThat(builds).hasValue(1);
  }

  @Test
  void concurrentFirstRequestsShareOneBuild() throws Exception {
    AtomicInteger builds = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    OpenApiRoutes routes =
        new OpenApiRoutes(
            () -> {
              builds.incrementAndGet();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return OpenApiDocuments.build(ServedTypes.ALL, "v1.32.5");
            },
            Clock.systemUTC());

    List<CompletableFuture<OpenApiDocuments>> futures = new CopyOnWriteArrayList<>();
    List<Thread> askers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      askers.add(Thread.ofVirtual().start(() -> futures.add(routes.documents())));
    }
    for (Thread t : askers) {
      t.join();
    }
    release.countDown();

    OpenApiDocuments first = futures.get(0).get(60, TimeUnit.SECONDS);
    for (CompletableFuture<OpenApiDocuments> f : futures) {
      assertThat(f.get(60, TimeUnit.SECONDS)).isSameAs(first);
    }
    assertThat(builds).hasValue(1);
  }
}
