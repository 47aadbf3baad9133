package io.batchd.bench.jmh;

import io.batchd.api.codec.Codecs;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's JSON codec ({@link Codecs#JSON} with fabric8's model) on P1's Job half-way through
 * its run, beside plain Jackson on the same bytes: reading them into a tree or a {@code Map}, and
 * writing the same JSON back from a tree. The difference is what binding to the model costs.
 *
 * <ul>
 *   <li>{@code decodeJob}: the Job's stored bytes to a {@code Job}, as the registry does on every
 *       read and, per watcher, on every watch event.
 *   <li>{@code encodeJob}: a {@code Job} to bytes, as every answer and every watch event is
 *       written.
 *   <li>{@code encodeJobList}: a list of 100 such Jobs, in the form the API server answers a list
 *       with ({@code kind}, {@code apiVersion}, {@code metadata}, {@code items}).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBench {
  static final int LIST_SIZE = 100;

  /** Jackson as it comes, with no model and no configuration. */
  private static final JsonMapper PLAIN = JsonMapper.builder().build();

  private byte[] storedJob;
  private Job job;
  private JsonNode jobTree;
  private Map<String, Object> jobList;
  private JsonNode jobListTree;

  @Setup
  public void setUp() {
    SampleObjects.Samples samples = SampleObjects.make();
    storedJob = samples.storedJob();
    job = samples.job();
    jobTree = PLAIN.readTree(Codecs.JSON.writeValueAsBytes(job));
    List<Job> items = new ArrayList<>();
    for (int i = 0; i < LIST_SIZE; i++) {
      Job copy = Codecs.JSON.convertValue(job, Job.class);
      copy.getMetadata().setName("p1-" + i);
      copy.getMetadata().setUid(java.util.UUID.randomUUID().toString());
      items.add(copy);
    }
    jobList = list(items, job.getMetadata().getResourceVersion());
    jobListTree = PLAIN.readTree(Codecs.JSON.writeValueAsBytes(jobList));
  }

  /** The list answer as the API server builds it. */
  private static Map<String, Object> list(List<Job> items, String resourceVersion) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("kind", "JobList");
    list.put("apiVersion", "batch/v1");
    list.put("metadata", Map.of("resourceVersion", resourceVersion));
    list.put("items", items);
    return list;
  }

  @Benchmark
  @ComparedTo("baselineDecodeTree")
  public Job decodeJob() {
    return Codecs.JSON.readValue(storedJob, Job.class);
  }

  @Benchmark
  public JsonNode baselineDecodeTree() {
    return PLAIN.readTree(storedJob);
  }

  @Benchmark
  public Map<?, ?> baselineDecodeMap() {
    return PLAIN.readValue(storedJob, Map.class);
  }

  @Benchmark
  @ComparedTo("baselineEncodeTree")
  public byte[] encodeJob() {
    return Codecs.JSON.writeValueAsBytes(job);
  }

  @Benchmark
  public byte[] baselineEncodeTree() {
    return PLAIN.writeValueAsBytes(jobTree);
  }

  @Benchmark
  @ComparedTo("baselineEncodeTreeList")
  public byte[] encodeJobList() {
    return Codecs.JSON.writeValueAsBytes(jobList);
  }

  @Benchmark
  public byte[] baselineEncodeTreeList() {
    return PLAIN.writeValueAsBytes(jobListTree);
  }
}
