package io.batchd.api.codec.protobuf;

import static io.batchd.api.codec.protobuf.Proto.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.batchd.api.errors.StatusException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad bodies give a 400 or 415 Status, never another exception. */
class MalformedBodyTest {
  private static final byte[] JOB = sampleJob();

  private static byte[] sampleJob() {
    Proto container =
        message()
            .string(1, "main")
            .string(2, "busybox")
            .string(3, "echo")
            .message(8, message().entry(1, "cpu", Proto.quantity("1")));
    Proto template = message().message(2, message().message(2, container).string(3, "Never"));
    Proto job =
        message()
            .message(1, message().string(1, "pi").entry(11, "app", "pi"))
            .message(2, message().varint(7, 3).message(6, template))
            .message(3, message());
    return Proto.body("batch/v1", "Job", job);
  }

  private static StatusException statusOf(byte[] body) {
    try {
      KubernetesProtobuf.decode(body);
    } catch (StatusException e) {
      return e;
    }
    return fail("decoding succeeded");
  }

  @Test
  void theSampleDecodes() {
    assertThat(
            KubernetesProtobuf.decode(JOB)
                .object()
                .at("/spec/template/spec/containers/0/image")
                .stringValue())
        .isEqualTo("busybox");
  }

  @Test
  void emptyBodies() {
    assertThat(statusOf(new byte[0]).getMessage()).isEqualTo("empty data");
    assertThat(statusOf(UnknownEnvelope.MAGIC.clone()).getMessage()).isEqualTo("empty body");
    assertThat(statusOf(new byte[0]).code()).isEqualTo(400);
  }

  @Test
  void aBodyWithoutThePrefix() {
    StatusException e = statusOf("{\"kind\":\"Job\"}".getBytes());
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.reason()).isEqualTo("BadRequest");
    assertThat(e.getMessage())
        .isEqualTo(
            "provided data does not appear to be a protobuf message, expected prefix [107, 56, 115,"
                + " 0]");
    assertThat(statusOf(new byte[] {0x6b, 0x38}).code()).isEqualTo(400);
  }

  @Test
  void everyTruncationIsABadRequest() {
    // Cutting inside the envelope or the object leaves a length that runs past the end.
    for (int length = 5; length < JOB.length; length++) {
      byte[] cut = Arrays.copyOf(JOB, length);
      try {
        KubernetesProtobuf.decode(cut);
      } catch (StatusException e) {
        assertThat(e.code()).as("truncated to %d bytes", length).isEqualTo(400);
        continue;
      }
      // Only a cut between the envelope's top-level fields can leave a well-formed message.
      assertThat(JOB[length])
          .as("truncated to %d bytes", length)
          .isIn((byte) 0x12, (byte) 0x1a, (byte) 0x22);
    }
  }

  @Test
  void aTruncatedObjectSaysWhere() {
    // Claim the job's raw bytes run 200 bytes further than they do.
    byte[] body =
        Proto.body(
            "batch/v1",
            "Job",
            message().message(1, message().string(1, "pi")).raw(new byte[] {0x12, (byte) 200, 1}));

    StatusException e = statusOf(body);

    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage())
        .startsWith("Job in version \"batch/v1\" cannot be decoded from protobuf at spec: ")
        .contains("truncated");
  }

  @Test
  void aWrongWireTypeInsideTheObjectSaysWhere() {
    byte[] body =
        Proto.body(
            "batch/v1",
            "Job",
            message()
                .message(2, message().message(6, message().message(2, message().varint(3, 1)))));

    assertThat(statusOf(body).getMessage())
        .isEqualTo(
            "Job in version \"batch/v1\" cannot be decoded from protobuf at"
                + " spec.template.spec.restartPolicy: field 3 has wire type 0; string fields use"
                + " wire type 2");
  }

  @Test
  void randomBytesAfterThePrefixGiveAStatus() {
    Random random = new Random(42);
    for (int i = 0; i < 5000; i++) {
      byte[] body = new byte[4 + random.nextInt(80)];
      random.nextBytes(body);
      System.arraycopy(UnknownEnvelope.MAGIC, 0, body, 0, 4);
      assertDecodesOrFailsWithAStatus(body);
    }
  }

  @Test
  void corruptedJobsGiveAStatus() {
    Random random = new Random(7);
    for (int i = 0; i < 5000; i++) {
      byte[] body = JOB.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        body[4 + random.nextInt(body.length - 4)] = (byte) random.nextInt(256);
      }
      assertDecodesOrFailsWithAStatus(body);
    }
  }

  private static void assertDecodesOrFailsWithAStatus(byte[] body) {
    try {
      KubernetesProtobuf.Decoded decoded = KubernetesProtobuf.decode(body);
      assertThat(decoded.object().get("kind").stringValue()).isEqualTo(decoded.kind());
    } catch (StatusException e) {
      assertThat(e.code()).as(Arrays.toString(body)).isIn(400, 415);
    }
  }

  @Test
  void aMissingKindOrApiVersion() {
    assertThat(statusOf(Proto.body("batch/v1", "", message())).getMessage())
        .isEqualTo("Object 'Kind' is missing in the protobuf body");
    assertThat(statusOf(Proto.body("", "Job", message())).getMessage())
        .isEqualTo("Object 'apiVersion' is missing in the protobuf body");
  }

  @Test
  void anUncoveredKindIsUnsupportedMediaType() {
    StatusException e = statusOf(Proto.body("apps/v1", "Deployment", message()));

    assertThat(e.code()).isEqualTo(415);
    assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
    assertThat(e.getMessage())
        .startsWith(
            "the body of the request was in an unknown format - Deployment in version"
                + " \"apps/v1\" cannot be decoded from protobuf by this server")
        .contains("batch/v1 Job")
        .endsWith("send it as application/json");
  }

  @Test
  void anEncodedPayloadIsUnsupported() {
    byte[] framed =
        message()
            .message(1, message().string(1, "batch/v1").string(2, "Job"))
            .bytes(2, new byte[] {1, 2, 3})
            .string(3, "gzip")
            .toByteArray();
    byte[] body = new byte[framed.length + 4];
    System.arraycopy(UnknownEnvelope.MAGIC, 0, body, 0, 4);
    System.arraycopy(framed, 0, body, 4, framed.length);

    StatusException e = statusOf(body);

    assertThat(e.code()).isEqualTo(415);
    assertThat(e.getMessage()).contains("contentEncoding \"gzip\"");
  }

  @Test
  void aMalformedEnvelope() {
    byte[] body = {0x6b, 0x38, 0x73, 0x00, 0x08, 0x01}; // field 1 as a varint

    assertThatThrownBy(() -> KubernetesProtobuf.decode(body))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "the protobuf envelope (runtime.Unknown) is malformed: field 1 has wire type"
                          + " 0; string and message fields use wire type 2");
            });
  }
}
