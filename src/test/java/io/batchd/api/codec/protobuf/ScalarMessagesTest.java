package io.batchd.api.codec.protobuf;

import static io.batchd.api.codec.protobuf.Proto.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.batchd.api.codec.Codecs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The Go types whose JSON is a scalar, each decoded through a one-field schema. */
class ScalarMessagesTest {
  private static final long NOV_23 = 1795428000L; // 2026-11-23T10:00:00Z

  private static JsonNode decode(MessageSchema type, Proto value) {
    MessageSchema holder = MessageSchema.builder("Holder").message(1, "v", type).build();
    ObjectNode out = Codecs.JSON.createObjectNode();
    new SchemaDecoder()
        .decodeInto(
            ByteString.copyFrom(message().message(1, value).toByteArray()), holder, out, "");
    return out.get("v");
  }

  @Test
  void timeIsRfc3339InUtcToTheSecond() {
    assertThat(decode(ScalarMessages.TIME, Proto.time(NOV_23, 0)).stringValue())
        .isEqualTo("2026-11-23T10:00:00Z");
    assertThat(decode(ScalarMessages.TIME, Proto.time(NOV_23, 999_999_999)).stringValue())
        .isEqualTo("2026-11-23T10:00:00Z");
    assertThat(decode(ScalarMessages.TIME, Proto.time(0, 0)).stringValue())
        .isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void theZeroTimeIsAnEmptyMessageAndJsonNull() {
    assertThat(decode(ScalarMessages.TIME, message()).isNull()).isTrue();
    assertThat(decode(ScalarMessages.MICRO_TIME, message()).isNull()).isTrue();
  }

  @Test
  void microTimeHasSixFractionDigits() {
    assertThat(decode(ScalarMessages.MICRO_TIME, Proto.time(NOV_23, 123_456_789)).stringValue())
        .isEqualTo("2026-11-23T10:00:00.123456Z");
    assertThat(decode(ScalarMessages.MICRO_TIME, Proto.time(NOV_23, 0)).stringValue())
        .isEqualTo("2026-11-23T10:00:00.000000Z");
  }

  @Test
  void aTimeGoCannotWriteIsRejected() {
    assertThatThrownBy(() -> decode(ScalarMessages.TIME, Proto.time(400_000_000_000L, 0)))
        .isInstanceOf(MalformedProtobufException.class)
        .hasMessageContaining("outside the years 0 to 9999");
  }

  @Test
  void durationIsGoDurationString() {
    assertThat(decode(ScalarMessages.DURATION, message().varint(1, 90_000_000_000L)).stringValue())
        .isEqualTo("1m30s");
    assertThat(decode(ScalarMessages.DURATION, message()).stringValue()).isEqualTo("0s");
  }

  @Test
  void goDurationFormatsLikeGo() {
    assertThat(ScalarMessages.goDuration(0)).isEqualTo("0s");
    assertThat(ScalarMessages.goDuration(1)).isEqualTo("1ns");
    assertThat(ScalarMessages.goDuration(1_100)).isEqualTo("1.1µs");
    assertThat(ScalarMessages.goDuration(2_200_000)).isEqualTo("2.2ms");
    assertThat(ScalarMessages.goDuration(1_500_000_000L)).isEqualTo("1.5s");
    assertThat(ScalarMessages.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(ScalarMessages.goDuration(4_834_567_000_000L)).isEqualTo("1h20m34.567s");
    assertThat(ScalarMessages.goDuration(-61_000_000_000L)).isEqualTo("-1m1s");
    assertThat(ScalarMessages.goDuration(Long.MIN_VALUE)).isEqualTo("-2562047h47m16.854775808s");
  }

  @Test
  void quantityIsItsString() {
    assertThat(decode(ScalarMessages.QUANTITY, Proto.quantity("1500m")).stringValue())
        .isEqualTo("1500m");
    assertThat(decode(ScalarMessages.QUANTITY, message()).stringValue()).isEqualTo("0");
  }

  @Test
  void intOrStringIsANumberOrAString() {
    JsonNode number = decode(ScalarMessages.INT_OR_STRING, Proto.intOrString(8080));
    assertThat(number.isInt()).isTrue();
    assertThat(number.intValue()).isEqualTo(8080);
    JsonNode name = decode(ScalarMessages.INT_OR_STRING, Proto.intOrString("http"));
    assertThat(name.isString()).isTrue();
    assertThat(name.stringValue()).isEqualTo("http");
    assertThat(decode(ScalarMessages.INT_OR_STRING, message()).intValue()).isZero();
  }

  @Test
  void intOrStringOfAnUnknownTypeIsRejected() {
    assertThatThrownBy(() -> decode(ScalarMessages.INT_OR_STRING, message().varint(1, 2)))
        .isInstanceOf(MalformedProtobufException.class)
        .hasMessageContaining("IntOrString has type 2");
  }

  @Test
  void fieldsV1IsItsRawJson() {
    byte[] raw = "{\"f:metadata\":{\"f:labels\":{}}}".getBytes(StandardCharsets.UTF_8);
    assertThat(decode(ScalarMessages.FIELDS_V1, message().bytes(1, raw)))
        .isEqualTo(Codecs.JSON.readTree(raw));
    assertThatThrownBy(
            () ->
                decode(
                    ScalarMessages.FIELDS_V1,
                    message().bytes(1, "{nope".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(MalformedProtobufException.class)
        .hasMessageContaining("FieldsV1 does not hold JSON");
  }
}
