package dev.llmreplay.internal.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class StreamFormatTest {

  @Test
  void eventStreamIsSse() {
    assertThat(StreamFormat.fromContentType("text/event-stream")).isEqualTo(StreamFormat.SSE);
    assertThat(StreamFormat.fromContentType("text/event-stream; charset=utf-8"))
        .isEqualTo(StreamFormat.SSE);
    assertThat(StreamFormat.fromContentType(" Text/Event-Stream ;charset=UTF-8"))
        .isEqualTo(StreamFormat.SSE);
  }

  @Test
  void newlineDelimitedJsonTypesAreNdjson() {
    for (String type :
        new String[] {
          "application/x-ndjson",
          "application/ndjson",
          "application/jsonl",
          "application/x-jsonl",
          "application/jsonlines",
          "application/x-jsonlines",
          "APPLICATION/X-NDJSON; charset=utf-8",
        }) {
      assertThat(StreamFormat.fromContentType(type)).as(type).isEqualTo(StreamFormat.NDJSON);
    }
  }

  @Test
  void everythingElseIsNone() {
    for (String type :
        new String[] {
          null,
          "",
          "application/json",
          "application/json; charset=utf-8",
          "application/json-seq",
          "text/plain",
          "text/event-streams",
          "text/event",
          "application/octet-stream",
        }) {
      assertThat(StreamFormat.fromContentType(type)).as("%s", type).isEqualTo(StreamFormat.NONE);
    }
  }

  @Test
  void newDecoderIsAFreshDecoderOfTheFormat() {
    StreamDecoder sse = StreamFormat.SSE.newDecoder();
    assertThat(sse).isInstanceOf(SseParser.class).isNotSameAs(StreamFormat.SSE.newDecoder());
    StreamDecoder ndjson = StreamFormat.NDJSON.newDecoder();
    assertThat(ndjson).isInstanceOf(NdjsonCodec.class);

    byte[] wire = "event: e\ndata: {\"a\":1}\n\n".getBytes(UTF_8);
    assertThat(sse.feed(wire))
        .containsExactly(StreamEvent.builder().event("e").data("{\"a\":1}").build());
    assertThat(ndjson.feed("{\"a\":1}\n".getBytes(UTF_8)))
        .containsExactly(StreamEvent.data("{\"a\":1}"));
  }

  @Test
  void encodeAndWriteUseTheFormatsWireSyntax() throws IOException {
    StreamEvent e = StreamEvent.data("{\"a\":1}");
    assertThat(new String(StreamFormat.SSE.encode(e), UTF_8)).isEqualTo("data: {\"a\":1}\n\n");
    assertThat(new String(StreamFormat.NDJSON.encode(e), UTF_8)).isEqualTo("{\"a\":1}\n");
    Buffer sink = new Buffer();
    StreamFormat.SSE.write(e, sink);
    StreamFormat.NDJSON.write(e, sink);
    assertThat(sink.readUtf8()).isEqualTo("data: {\"a\":1}\n\n{\"a\":1}\n");
  }

  @Test
  void noneHasNoEvents() {
    StreamEvent e = StreamEvent.data("x");
    assertThatThrownBy(StreamFormat.NONE::newDecoder)
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> StreamFormat.NONE.encode(e))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> StreamFormat.NONE.write(e, new Buffer()))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
