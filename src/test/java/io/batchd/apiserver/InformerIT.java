package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fabric8's informers (list, then watch from the list's resourceVersion) see every change. */
class InformerIT {
  @TempDir Path dir;

  private static Job job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void anInformerCachesExistingJobsAndFollowsChanges() {
    try (InProcessServer server = new InProcessServer(dir);
        KubernetesClient client = server.client()) {
      client.batch().v1().jobs().resource(job("before")).create();
      List<String> events = new CopyOnWriteArrayList<>();
      SharedIndexInformer<Job> informer =
          client
              .batch()
              .v1()
              .jobs()
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                      events.add("add " + job.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(Job old, Job job) {
                      events.add("update " + job.getMetadata().getName());
                    }

                    @Override
                    public void onDelete(Job job, boolean unknownFinalState) {
                      events.add("delete " + job.getMetadata().getName());
                    }
                  });
      try {
        await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);
        client.batch().v1().jobs().resource(job("after")).create();
        client
            .batch()
            .v1()
            .jobs()
            .withName("before")
            .edit(
                j -> {
                  j.getMetadata().setLabels(java.util.Map.of("touched", "yes"));
                  return j;
                });
        client.batch().v1().jobs().withName("after").delete();

        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> events.contains("delete after") && events.contains("update before"));
        assertThat(events).startsWith("add before").contains("add after");
        assertThat(informer.getStore().list())
            .extracting(j -> j.getMetadata().getName())
            .containsExactly("before");
        assertThat(informer.getStore().getByKey("default/before").getMetadata().getLabels())
            .containsEntry("touched", "yes");
      } finally {
        informer.close();
      }
    }
  }
}
