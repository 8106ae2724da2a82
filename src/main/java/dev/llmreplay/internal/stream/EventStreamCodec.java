package dev.llmreplay.internal.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okio.BufferedSink;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * AWS event streams ({@code application/vnd.amazon.eventstream}, Amazon Bedrock's {@code
 * converse-stream} and {@code invoke-with-response-stream}): binary frames, each a prelude, typed
 * headers, a payload and CRC32 checksums. An instance decodes one stream frame by frame into {@link
 * StreamEvent}s; {@link #write} encodes one back to the same bytes. The framing and the checksums
 * are the AWS SDK's own codec ({@code software.amazon.awssdk:eventstream}), an optional dependency
 * that every Bedrock user has with the SDK; this class is loaded only for such streams.
 *
 * <p>Returned events have {@code tMs == 0}. One instance per stream; not thread-safe.
 */
final class EventStreamCodec implements StreamDecoder {
  /** Prelude (total length, headers length, prelude CRC) and message CRC around each frame. */
  private static final int FRAME_OVERHEAD = 16;

  private final List<StreamEvent> completed = new ArrayList<>();
  private final MessageDecoder decoder = new MessageDecoder(m -> completed.add(toEvent(m)));
  private long fed;
  private long framed;

  @Override
  public List<StreamEvent> feed(byte[] bytes, int offset, int length) {
    try {
      decoder.feed(bytes, offset, length);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a valid application/vnd.amazon.eventstream body after byte "
              + framed
              + ": "
              + e.getMessage(),
          e);
    }
    fed += length;
    if (completed.isEmpty()) return List.of();
    List<StreamEvent> out = List.copyOf(completed);
    completed.clear();
    return out;
  }

  @Override
  public List<StreamEvent> finish() {
    if (fed != framed) {
      throw new IllegalStateException(
          "the event stream ended inside a frame ("
              + (fed - framed)
              + " bytes after the last whole one): it is not recorded");
    }
    return List.of();
  }

  private StreamEvent toEvent(Message m) {
    List<EventHeader> headers = new ArrayList<>(m.getHeaders().size());
    for (Map.Entry<String, HeaderValue> h : m.getHeaders().entrySet()) {
      headers.add(header(h.getKey(), h.getValue()));
    }
    byte[] payload = m.getPayload();
    framed +=
        FRAME_OVERHEAD + Message.encodeHeaders(m.getHeaders().entrySet()).length + payload.length;
    String text = utf8(payload);
    String event = stringHeader(m, ":event-type");
    if (event == null) event = stringHeader(m, ":exception-type");
    return StreamEvent.builder()
        .event(event)
        .headers(headers)
        .data(text != null ? text : Base64.getEncoder().encodeToString(payload))
        .binaryData(text == null)
        .build();
  }

  private static String stringHeader(Message m, String name) {
    HeaderValue v = m.getHeaders().get(name);
    return v != null && v.getType() == software.amazon.awssdk.eventstream.HeaderType.STRING
        ? v.getString()
        : null;
  }

  /** The text of a payload when it is valid UTF-8, else null. */
  private static String utf8(byte[] payload) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static EventHeader header(String name, HeaderValue v) {
    switch (v.getType()) {
      case STRING:
        return EventHeader.string(name, v.getString());
      case BYTE_ARRAY:
        return new EventHeader(name, "bytes", Base64.getEncoder().encodeToString(v.getByteArray()));
      case TRUE:
      case FALSE:
        return new EventHeader(name, "bool", Boolean.toString(v.getBoolean()));
      case BYTE:
        return new EventHeader(name, "byte", Byte.toString(v.getByte()));
      case SHORT:
        return new EventHeader(name, "short", Short.toString(v.getShort()));
      case INTEGER:
        return new EventHeader(name, "int", Integer.toString(v.getInteger()));
      case LONG:
        return new EventHeader(name, "long", Long.toString(v.getLong()));
      case TIMESTAMP:
        return new EventHeader(name, "timestamp", v.getTimestamp().toString());
      case UUID:
        return new EventHeader(name, "uuid", v.getUuid().toString());
      default:
        throw new IllegalArgumentException("unknown event-stream header type " + v.getType());
    }
  }

  private static HeaderValue value(EventHeader h) {
    String v = h.value();
    switch (h.type()) {
      case "string":
        return HeaderValue.fromString(v);
      case "bytes":
        return HeaderValue.fromByteArray(Base64.getDecoder().decode(v));
      case "bool":
        return HeaderValue.fromBoolean(Boolean.parseBoolean(v));
      case "byte":
        return HeaderValue.fromByte(Byte.parseByte(v));
      case "short":
        return HeaderValue.fromShort(Short.parseShort(v));
      case "int":
        return HeaderValue.fromInteger(Integer.parseInt(v));
      case "long":
        return HeaderValue.fromLong(Long.parseLong(v));
      case "timestamp":
        return HeaderValue.fromTimestamp(Instant.parse(v));
      case "uuid":
        return HeaderValue.fromUuid(UUID.fromString(v));
      default:
        throw new IllegalArgumentException(
            "event-stream header "
                + h.name()
                + " has unknown type \""
                + h.type()
                + "\" (string, bytes, bool, byte, short, int, long, timestamp or uuid)");
    }
  }

  /**
   * Writes {@code event} as one frame. Its headers go out in their order; an event without headers
   * (a hand-written fixture) gets Bedrock's three: {@code :event-type} (its event), {@code
   * :content-type: application/json} and {@code :message-type: event}.
   */
  static void write(StreamEvent event, BufferedSink sink) throws IOException {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    if (event.headers().isEmpty()) {
      if (event.event() != null) headers.put(":event-type", HeaderValue.fromString(event.event()));
      headers.put(":content-type", HeaderValue.fromString("application/json"));
      headers.put(":message-type", HeaderValue.fromString("event"));
    } else {
      for (EventHeader h : event.headers()) headers.put(h.name(), value(h));
    }
    String data = event.data() == null ? "" : event.data();
    byte[] payload =
        event.binaryData()
            ? Base64.getDecoder().decode(data)
            : data.getBytes(StandardCharsets.UTF_8);
    sink.write(new Message(headers, payload).toByteBuffer());
  }
}
