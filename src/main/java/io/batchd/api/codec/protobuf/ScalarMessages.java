package io.batchd.api.codec.protobuf;

import io.batchd.api.codec.Codecs;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Messages whose Go types marshal to JSON scalars: quantities, int-or-strings, times and durations,
 * and {@code FieldsV1}, whose bytes are JSON already. Each schema decodes the wire fields; its JSON
 * form then builds what the Go type's {@code MarshalJSON} writes.
 */
final class ScalarMessages {
  private static final JsonNodeFactory NODES = Codecs.JSON.getNodeFactory();
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC3339_MICRO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * {@code resource.Quantity}: its canonical string in field 1. A quantity with no string is Go's
   * zero quantity, {@code "0"}. The string is passed on unparsed; the JSON path validates it.
   */
  static final MessageSchema QUANTITY =
      MessageSchema.builder("resource.Quantity")
          .stringPtr(1, "string")
          .jsonForm(f -> NODES.stringNode(f.path("string").asString("0")))
          .build();

  /** {@code intstr.IntOrString}: type 0 is the int in field 2, type 1 the string in field 3. */
  static final MessageSchema INT_OR_STRING =
      MessageSchema.builder("intstr.IntOrString")
          .int64(1, "type")
          .int32(2, "intVal")
          .string(3, "strVal")
          .jsonForm(ScalarMessages::intOrString)
          .build();

  /**
   * {@code metav1.Time}: a Timestamp (seconds, nanos) written as RFC 3339 in UTC to the second. Go
   * writes the zero time as an empty message, and its JSON is {@code null}.
   */
  static final MessageSchema TIME = timestamp("metav1.Time", RFC3339);

  /** {@code metav1.MicroTime}: like Time, with six fraction digits. */
  static final MessageSchema MICRO_TIME = timestamp("metav1.MicroTime", RFC3339_MICRO);

  /** {@code metav1.Duration}: nanoseconds in field 1, written as Go's {@code Duration.String()}. */
  static final MessageSchema DURATION =
      MessageSchema.builder("metav1.Duration")
          .int64(1, "duration")
          .jsonForm(f -> NODES.stringNode(goDuration(f.path("duration").asLong(0))))
          .build();

  /** {@code metav1.FieldsV1}: field 1 holds the managed-fields trie as raw JSON. */
  static final MessageSchema FIELDS_V1 =
      MessageSchema.builder("metav1.FieldsV1")
          .bytes(1, "Raw")
          .jsonForm(ScalarMessages::rawJson)
          .build();

  private ScalarMessages() {}

  private static MessageSchema timestamp(String name, DateTimeFormatter format) {
    return MessageSchema.builder(name)
        // Pointers, so that an explicit 0 second still marks the message as non-empty.
        .int64Ptr(1, "seconds")
        .int32Ptr(2, "nanos")
        .jsonForm(f -> f.isEmpty() ? NODES.nullNode() : NODES.stringNode(formatTime(f, format)))
        .build();
  }

  private static String formatTime(ObjectNode fields, DateTimeFormatter format) {
    long seconds = fields.path("seconds").asLong(0);
    int nanos = fields.path("nanos").asInt(0);
    try {
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      int year = instant.atZone(ZoneOffset.UTC).getYear();
      if (year < 0 || year > 9999) {
        // Go's Time.MarshalJSON refuses these too.
        throw new MalformedProtobufException("time " + instant + " is outside the years 0 to 9999");
      }
      return format.format(instant);
    } catch (DateTimeException e) {
      throw new MalformedProtobufException("time of " + seconds + " seconds is out of range", e);
    }
  }

  private static JsonNode intOrString(ObjectNode fields) {
    long type = fields.path("type").asLong(0);
    if (type == 0) {
      return NODES.numberNode(fields.path("intVal").asInt(0));
    }
    if (type == 1) {
      return NODES.stringNode(fields.path("strVal").asString(""));
    }
    throw new MalformedProtobufException("IntOrString has type " + type + "; only 0 and 1 exist");
  }

  private static JsonNode rawJson(ObjectNode fields) {
    JsonNode raw = fields.get("Raw");
    if (raw == null) {
      return NODES.nullNode();
    }
    try {
      return Codecs.JSON.readTree(Base64.getDecoder().decode(raw.stringValue()));
    } catch (JacksonException e) {
      throw new MalformedProtobufException(
          "FieldsV1 does not hold JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * Formats nanoseconds as Go's {@code time.Duration.String()} does: {@code "1h2m3.5s"}, {@code
   * "1.5ms"}, {@code "0s"}, with trailing fraction zeros dropped.
   */
  static String goDuration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    // Unsigned from here on, so that Long.MIN_VALUE negates to 2^63 as in Go.
    long u = nanos < 0 ? -nanos : nanos;
    StringBuilder out = new StringBuilder(nanos < 0 ? "-" : "");
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u < 1_000L) {
        out.append(u).append("ns");
      } else if (u < 1_000_000L) {
        out.append(withFraction(u, 3)).append("µs");
      } else {
        out.append(withFraction(u, 6)).append("ms");
      }
      return out.toString();
    }
    String fraction = fraction(Long.remainderUnsigned(u, 1_000_000_000L), 9);
    long seconds = Long.divideUnsigned(u, 1_000_000_000L);
    long hours = seconds / 3600;
    long minutes = seconds / 60 % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(seconds % 60).append(fraction).append('s').toString();
  }

  private static String withFraction(long value, int digits) {
    long scale = (long) Math.pow(10, digits);
    return (value / scale) + fraction(value % scale, digits);
  }

  /** {@code ".5"} for 500000000 with 9 digits; {@code ""} for 0. */
  private static String fraction(long value, int digits) {
    if (value == 0) {
      return "";
    }
    String padded = String.format("%0" + digits + "d", value);
    int end = padded.length();
    while (padded.charAt(end - 1) == '0') {
      end--;
    }
    return "." + padded.substring(0, end);
  }
}
