package io.batchd.bench.jmh;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.FieldError;
import io.batchd.apiserver.ManagedFieldsForBench;
import io.batchd.registry.Registry;
import io.batchd.registry.Strategy;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The create path of a Pod below HTTP, for the first pod the Job controller makes for P1's Job
 * (generateName, index annotation and label, owner reference, tracking finalizer, one container).
 * Every operation starts by decoding a fresh Pod from the same JSON, since a create changes the
 * object it is given; {@code baselineDecode} is that decode alone, and each figure's ratio says how
 * much the steps after it add.
 *
 * <ul>
 *   <li>{@code strategy}: the pod strategy's defaults, create preparation (admission defaults,
 *       status, QoS class) and validation, with the metadata the registry sets first.
 *   <li>{@code managedFields}: the API server's managed-fields step of a POST ({@code
 *       ManagedWrites.recordCreate}: defaults, then the object as a tree and its field set).
 *   <li>{@code registryCreate}: {@code Registry.create} into the SQLite store (a temporary
 *       directory): name generation, metadata, the strategy, the namespace check, the encode and
 *       the store write. This is the whole of a create by the Job controller, whose in-process
 *       client calls the registry directly; a create over HTTP adds {@code managedFields}, the
 *       request's decode with field validation and the answer's encode.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PodCreateBench {
  private BenchApi api;
  private Registry<Pod> pods;
  private Strategy<Pod> strategy;
  private ManagedFieldsForBench<Pod> managedFields;
  private byte[] request;

  @Setup
  public void setUp() {
    request = SampleObjects.make().podRequest();
    api = BenchApi.open();
    pods = api.pods();
    strategy = pods.strategy();
    managedFields = new ManagedFieldsForBench<>(pods, BenchApi.clock());
    List<FieldError> errors = strategy();
    if (!errors.isEmpty()) {
      throw new IllegalStateException("the sample pod is not valid: " + errors);
    }
  }

  @TearDown
  public void tearDown() {
    api.close();
  }

  private Pod decode() {
    return Codecs.JSON.readValue(request, Pod.class);
  }

  @Benchmark
  public Pod baselineDecode() {
    return decode();
  }

  @Benchmark
  @ComparedTo("baselineDecode")
  public List<FieldError> strategy() {
    Pod pod = decode();
    pod.getMetadata().setName(pod.getMetadata().getGenerateName() + "bench");
    pod.getMetadata().setUid(UUID.randomUUID().toString());
    pod.getMetadata().setCreationTimestamp(pods.nowTimestamp());
    strategy.applyDefaults(pod);
    strategy.prepareForCreate(pod);
    return strategy.validateCreate(pod);
  }

  @Benchmark
  @ComparedTo("baselineDecode")
  public Pod managedFields() {
    Pod pod = decode();
    managedFields.recordCreate(pod, "kube-controller-manager");
    return pod;
  }

  @Benchmark
  @ComparedTo("baselineDecode")
  public Pod registryCreate() {
    return pods.create(SampleObjects.NAMESPACE, decode(), false).object();
  }
}
