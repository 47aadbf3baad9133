package io.batchd.api.codec.protobuf;

import static io.batchd.api.codec.protobuf.Proto.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.batchd.api.codec.Codecs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The generic walker on small made-up schemas. */
class SchemaDecoderTest {
  private static final MessageSchema INNER =
      MessageSchema.builder("Inner").string(1, "a").int32Ptr(2, "b").build();

  private static final MessageSchema OUTER =
      MessageSchema.builder("Outer")
          .int32(1, "count")
          .int64Ptr(2, "big")
          .int32s(3, "codes")
          .int64s(4, "ids")
          .message(5, "inner", INNER)
          .repeated(6, "inners", INNER)
          .stringMap(7, "labels")
          .messageMap(8, "byName", INNER)
          .bytes(9, "data")
          .bytesMap(10, "files")
          .inline(11, INNER)
          .bool(12, "flag")
          .ignored(13, "legacy")
          .build();

  private static JsonNode json(String text) {
    return Codecs.JSON.readTree(text);
  }

  private static SchemaDecoder decoder;

  private static ObjectNode decode(Proto message) {
    decoder = new SchemaDecoder();
    ObjectNode out = Codecs.JSON.createObjectNode();
    decoder.decodeInto(ByteString.copyFrom(message.toByteArray()), OUTER, out, "");
    return out;
  }

  @Test
  void numbersAreSignedAndListsMayBePackedOrNot() {
    ObjectNode out =
        decode(
            message()
                .varint(1, -1) // int32 -1 is a ten-byte varint on the wire
                .varint(2, 5_000_000_000L)
                .packed(3, 1, -2)
                .varint(3, 3)
                .varint(4, 7)
                .packed(4, 9_000_000_000L)
                .packed(3)); // an empty run adds nothing

    assertThat(out)
        .isEqualTo(
            json(
                "{\"count\": -1, \"big\": 5000000000, \"codes\": [1, -2, 3], \"ids\": [7, 9000000000]}"));
  }

  @Test
  void anEmptyPackedListIsOmitted() {
    assertThat(decode(message().packed(3)).has("codes")).isFalse();
  }

  @Test
  void nestedMessagesMergeListsAppendAndScalarsTakeTheLastValue() {
    ObjectNode out =
        decode(
            message()
                .message(5, message().string(1, "x"))
                .message(5, message().varint(2, 0))
                .message(6, message().string(1, "first"))
                .message(6, message())
                .varint(1, 4)
                .varint(1, 0)
                .bool(12, true)
                .bool(12, false));

    assertThat(out)
        .isEqualTo(
            json("{\"inner\": {\"a\": \"x\", \"b\": 0}, \"inners\": [{\"a\": \"first\"}, {}]}"));
  }

  @Test
  void mapsTakeEntriesInAnyFieldOrderAndFillInMissingValues() {
    ObjectNode out =
        decode(
            message()
                .entry(7, "a", "1")
                .message(7, message().string(2, "2").string(1, "b")) // value before key
                .message(7, message().string(1, "c")) // no value: Go's zero, ""
                .entry(7, "a", "3") // a repeated key: the last wins
                .entry(8, "x", message().string(1, "inner"))
                .message(8, message().string(1, "y")));

    assertThat(out)
        .isEqualTo(
            json(
                """
                {"labels": {"a": "3", "b": "2", "c": ""},
                 "byName": {"x": {"a": "inner"}, "y": {}}}
                """));
  }

  @Test
  void bytesAreBase64AsInGo() {
    ObjectNode out =
        decode(message().bytes(9, new byte[] {0, 1, 2, (byte) 0xff}).entry(10, "k", "hi"));

    assertThat(out.get("data").stringValue()).isEqualTo("AAEC/w==");
    assertThat(out.get("files")).isEqualTo(json("{\"k\": \"aGk=\"}"));
  }

  @Test
  void inlineFieldsLandInTheParent() {
    ObjectNode out = decode(message().message(11, message().string(1, "flat").varint(2, 7)));

    assertThat(out).isEqualTo(json("{\"a\": \"flat\", \"b\": 7}"));
  }

  @Test
  void unknownAndIgnoredFieldsAreSkippedAndReportedOnceEach() {
    ObjectNode out =
        decode(
            message()
                .varint(99, 1)
                .message(6, message().string(1, "x").string(50, "?").varint(51, 1))
                .message(6, message().string(50, "?"))
                .message(13, message().string(1, "old"))
                .message(13, message().string(1, "older"))
                .varint(1, 5));

    assertThat(out).isEqualTo(json("{\"inners\": [{\"a\": \"x\"}, {}], \"count\": 5}"));
    assertThat(decoder.skipped())
        .containsExactly(
            "top level: unknown field number 99 of Outer",
            "inners[0]: unknown field number 50 of Inner",
            "inners[0]: unknown field number 51 of Inner",
            "inners[1]: unknown field number 50 of Inner",
            "legacy: not decoded from protobuf");
  }

  @Test
  void unknownFieldsOfEveryWireTypeAreSkipped() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeFixed64(60, 0x0102030405060708L);
    out.writeFixed32(61, 0x01020304);
    out.writeString(62, "hi");
    out.writeInt32(1, 9);
    out.flush();
    decoder = new SchemaDecoder();
    ObjectNode target = Codecs.JSON.createObjectNode();
    decoder.decodeInto(ByteString.copyFrom(bytes.toByteArray()), OUTER, target, "");

    assertThat(target).isEqualTo(json("{\"count\": 9}"));
    assertThat(decoder.skipped()).hasSize(3);
  }

  @Test
  void aWrongWireTypeIsMalformedAndSaysWhere() {
    assertThatThrownBy(() -> decode(message().message(6, message().varint(1, 3))))
        .isInstanceOfSatisfying(
            MalformedProtobufException.class,
            e -> {
              assertThat(e.path()).isEqualTo("inners[0].a");
              assertThat(e.getMessage())
                  .isEqualTo("field 1 has wire type 0; string fields use wire type 2");
            });
  }

  @Test
  void groupsAreRefused() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream stream = CodedOutputStream.newInstance(bytes);
    stream.writeTag(70, WireFormat.WIRETYPE_START_GROUP);
    stream.writeTag(70, WireFormat.WIRETYPE_END_GROUP);
    stream.flush();
    byte[] group = bytes.toByteArray();
    ObjectNode out = Codecs.JSON.createObjectNode();

    assertThatThrownBy(
            () -> new SchemaDecoder().decodeInto(ByteString.copyFrom(group), OUTER, out, ""))
        .isInstanceOf(MalformedProtobufException.class)
        .hasMessageContaining("field 70 uses the group wire type");
  }

  @Test
  void aSchemaCannotDeclareAFieldNumberTwice() {
    assertThatThrownBy(() -> MessageSchema.builder("Bad").string(1, "a").int32(1, "b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Bad declares field 1 twice");
  }
}
