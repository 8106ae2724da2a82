package dev.llmreplay.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.PreparedResponse;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * AWS event-stream frames decode into events with their typed headers and payload, however the
 * bytes are cut, and encode (from the events or from a fixture file) back to the same bytes.
 */
class EventStreamCodecTest {
  static byte[] frame(Map<String, HeaderValue> headers, byte[] payload) {
    ByteBuffer b = new Message(headers, payload).toByteBuffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static Map<String, HeaderValue> bedrock(String type) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":event-type", HeaderValue.fromString(type));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("event"));
    return h;
  }

  /** Three frames: Bedrock-shaped JSON, every header type, and a binary payload. */
  static byte[] stream() {
    Map<String, HeaderValue> all = new LinkedHashMap<>();
    all.put(":message-type", HeaderValue.fromString("exception"));
    all.put(":exception-type", HeaderValue.fromString("throttlingException"));
    all.put("b", HeaderValue.fromBoolean(true));
    all.put("f", HeaderValue.fromBoolean(false));
    all.put("i8", HeaderValue.fromByte((byte) -7));
    all.put("i16", HeaderValue.fromShort((short) 300));
    all.put("i32", HeaderValue.fromInteger(70000));
    all.put("i64", HeaderValue.fromLong(1L << 40));
    all.put("bytes", HeaderValue.fromByteArray(new byte[] {0, 1, (byte) 0xff}));
    all.put(":date", HeaderValue.fromTimestamp(Instant.ofEpochMilli(1767225600123L)));
    all.put("id", HeaderValue.fromUuid(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
    Buffer out = new Buffer();
    out.write(
        frame(
            bedrock("contentBlockDelta"),
            "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hé\"},\"p\":\"abc\"}"
                .getBytes(StandardCharsets.UTF_8)));
    out.write(frame(all, "{\"message\": \"slow down\"}".getBytes(StandardCharsets.UTF_8)));
    out.write(frame(bedrock("chunk"), new byte[] {(byte) 0xc3, 0x28, 0, 1}));
    return out.readByteArray();
  }

  static byte[] encode(List<StreamEvent> events) {
    Buffer out = new Buffer();
    for (StreamEvent e : events) out.write(StreamFormat.AWS_EVENTSTREAM.encode(e));
    return out.readByteArray();
  }

  @Test
  void theContentTypeIsAwsEventStream() {
    assertThat(StreamFormat.fromContentType("application/vnd.amazon.eventstream"))
        .isEqualTo(StreamFormat.AWS_EVENTSTREAM);
    assertThat(StreamFormat.AWS_EVENTSTREAM.fixtureName()).isEqualTo("aws-eventstream");
    assertThat(StreamFormat.ofFixtureName("aws-eventstream"))
        .isEqualTo(StreamFormat.AWS_EVENTSTREAM);
  }

  @Test
  void framesDecodeToEventsWithTypedHeadersAndPayload() {
    List<StreamEvent> events = Feeding.feedCut(StreamFormat.AWS_EVENTSTREAM.newDecoder(), stream());
    assertThat(events).hasSize(3);
    StreamEvent delta = events.get(0);
    assertThat(delta.event()).isEqualTo("contentBlockDelta");
    assertThat(delta.data())
        .isEqualTo("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hé\"},\"p\":\"abc\"}");
    assertThat(delta.headers())
        .containsExactly(
            EventHeader.string(":event-type", "contentBlockDelta"),
            EventHeader.string(":content-type", "application/json"),
            EventHeader.string(":message-type", "event"));
    StreamEvent typed = events.get(1);
    assertThat(typed.event()).isEqualTo("throttlingException");
    assertThat(typed.headers())
        .extracting(h -> h.name() + ":" + h.type() + "=" + h.value())
        .containsExactly(
            ":message-type:string=exception",
            ":exception-type:string=throttlingException",
            "b:bool=true",
            "f:bool=false",
            "i8:byte=-7",
            "i16:short=300",
            "i32:int=70000",
            "i64:long=1099511627776",
            "bytes:bytes=AAH/",
            ":date:timestamp=2026-01-01T00:00:00.123Z",
            "id:uuid=123e4567-e89b-12d3-a456-426614174000");
    StreamEvent binary = events.get(2);
    assertThat(binary.binaryData()).isTrue();
    assertThat(binary.data()).isEqualTo("wygAAQ==");
  }

  @Test
  void anyCutDecodesTheSameAndEncodesBackToTheSameBytes() {
    byte[] bytes = stream();
    List<StreamEvent> whole = Feeding.feedCut(StreamFormat.AWS_EVENTSTREAM.newDecoder(), bytes);
    assertThat(encode(whole)).isEqualTo(bytes);
    assertThat(Feeding.feedByteByByte(StreamFormat.AWS_EVENTSTREAM.newDecoder(), bytes))
        .isEqualTo(whole);
    for (int cut = 1; cut < bytes.length; cut += 7) {
      assertThat(Feeding.feedCut(StreamFormat.AWS_EVENTSTREAM.newDecoder(), bytes, cut))
          .as("cut at %d", cut)
          .isEqualTo(whole);
    }
  }

  @Test
  void aFixtureFileRoundTripReplaysTheSameBytes() throws Exception {
    byte[] bytes = stream();
    List<StreamEvent> events = new ArrayList<>();
    long t = 0;
    for (StreamEvent e : Feeding.feedCut(StreamFormat.AWS_EVENTSTREAM.newDecoder(), bytes)) {
      events.add(e.newBuilder().tMs(t += 5).build());
    }
    RecordedResponse response =
        RecordedResponse.builder()
            .streamFormat(StreamFormat.AWS_EVENTSTREAM)
            .events(events)
            .build();
    RecordedRequest request =
        RecordedRequest.builder().method("POST").url("/model/m/converse-stream").build();
    Path name = Path.of("f.json");
    byte[] file = FixtureCodec.write(new Fixture(request, List.of(response), null));
    String text = new String(file, StandardCharsets.UTF_8);
    // Readable: the Bedrock payload parsed, typed headers spelled out, binary as base64.
    assertThat(text)
        .contains("\"stream_format\": \"aws-eventstream\"")
        .contains("\"text\": \"Hé\"")
        .contains("\"i32\": {\n")
        .contains("\"data_base64\": \"wygAAQ==\"")
        // Not compact JSON as sent: kept as text, so it re-encodes to the same bytes.
        .contains("\"data\": \"{\\\"message\\\": \\\"slow down\\\"}\"");
    RecordedResponse read = FixtureCodec.read(name, file).responses().get(0);
    assertThat(read.events()).isEqualTo(events);
    assertThat(read.headers().first("content-type"))
        .isEqualTo("application/vnd.amazon.eventstream");
    PreparedResponse prepared = PreparedResponse.of(read);
    Buffer replayed = new Buffer();
    for (byte[] chunk : prepared.chunks()) replayed.write(chunk);
    assertThat(replayed.readByteArray()).isEqualTo(bytes);
  }

  @Test
  void aHandWrittenEventWithoutHeadersGetsBedrocksThree() {
    StreamEvent e =
        StreamEvent.builder().event("messageStop").data("{\"stopReason\":\"end_turn\"}").build();
    List<StreamEvent> back =
        Feeding.feedCut(StreamFormat.AWS_EVENTSTREAM.newDecoder(), encode(List.of(e)));
    assertThat(back.get(0).headers())
        .containsExactly(
            EventHeader.string(":event-type", "messageStop"),
            EventHeader.string(":content-type", "application/json"),
            EventHeader.string(":message-type", "event"));
    assertThat(back.get(0).data()).isEqualTo(e.data());
  }

  @Test
  void aStreamCutInsideAFrameOrWithABadChecksumIsNotAStream() {
    byte[] bytes = stream();
    StreamDecoder cut = StreamFormat.AWS_EVENTSTREAM.newDecoder();
    cut.feed(bytes, 0, bytes.length - 3);
    assertThatThrownBy(cut::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ended inside a frame")
        .hasMessageContaining("not recorded");
    byte[] corrupt = bytes.clone();
    corrupt[20] ^= 0x40;
    assertThatThrownBy(() -> StreamFormat.AWS_EVENTSTREAM.newDecoder().feed(corrupt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a valid application/vnd.amazon.eventstream body after byte 0");
  }

  @Test
  void anUnknownHeaderTypeInAFixtureNamesTheTypesThereAre() {
    StreamEvent e =
        StreamEvent.builder()
            .headers(List.of(new EventHeader("x", "float", "1.5")))
            .data("")
            .build();
    assertThatThrownBy(() -> StreamFormat.AWS_EVENTSTREAM.encode(e))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "event-stream header x has unknown type \"float\" (string, bytes, bool, byte, short,"
                + " int, long, timestamp or uuid)");
  }
}
