package dev.llmreplay.internal.stream;

import static dev.llmreplay.internal.stream.Feeding.feedCut;
import static dev.llmreplay.internal.stream.Feeding.feedWhole;
import static dev.llmreplay.internal.stream.Feeding.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class NdjsonCodecTest {

  private static StreamEvent data(String data) {
    return StreamEvent.data(data);
  }

  private static final String L1 =
      "{\"model\":\"llama3.2:3b-instruct-fp16\",\"created_at\":\"2025-08-01T10:00:00.1Z\","
          + "\"response\":\"Blue\",\"done\":false}";
  private static final String L2 =
      "{\"model\":\"llama3.2:3b-instruct-fp16\",\"created_at\":\"2025-08-01T10:00:00.2Z\","
          + "\"response\":\" — ciel 🌤\",\"done\":false}";
  private static final String L3 =
      "{\"model\":\"llama3.2:3b-instruct-fp16\",\"created_at\":\"2025-08-01T10:00:00.3Z\","
          + "\"response\":\"\",\"done\":true,\"done_reason\":\"stop\",\"context\":[128006,9125],"
          + "\"total_duration\":412345678,\"load_duration\":1234567,\"prompt_eval_count\":26,"
          + "\"eval_count\":3}";

  @Test
  void ollamaGenerateStreamGivesOneEventPerLine() {
    String wire = L1 + "\n" + L2 + "\n" + L3 + "\n";
    assertThat(feedWhole(new NdjsonCodec(), wire)).containsExactly(data(L1), data(L2), data(L3));
  }

  @Test
  void linesAreReturnedByTheFeedThatEndsThem() {
    NdjsonCodec codec = new NdjsonCodec();
    assertThat(codec.feed(utf8("{\"a\":"))).isEmpty();
    assertThat(codec.feed(utf8("1}\n{\"b\":2}\n{")))
        .containsExactly(data("{\"a\":1}"), data("{\"b\":2}"));
    assertThat(codec.feed(utf8("\"c\":3}"))).isEmpty();
    assertThat(codec.finish()).containsExactly(data("{\"c\":3}"));
  }

  @Test
  void crlfEndingsAreRemovedEvenWhenSplitAcrossFeeds() {
    NdjsonCodec codec = new NdjsonCodec();
    assertThat(codec.feed(utf8("{\"a\":1}\r"))).isEmpty();
    assertThat(codec.feed(utf8("\n{\"b\":2}\r\n")))
        .containsExactly(data("{\"a\":1}"), data("{\"b\":2}"));
    assertThat(codec.finish()).isEmpty();
  }

  @Test
  void loneCrDoesNotEndALine() {
    assertThat(feedWhole(new NdjsonCodec(), "{\"a\":\r1}\n")).containsExactly(data("{\"a\":\r1}"));
  }

  @Test
  void blankLinesAreSkipped() {
    assertThat(feedWhole(new NdjsonCodec(), "\n\r\n  \n\t\r\n{}\n\n [1] \n"))
        .containsExactly(data("{}"), data(" [1] "));
  }

  @Test
  void finishReturnsALastLineWithoutNewlineAndDropsItsCr() {
    assertThat(feedWhole(new NdjsonCodec(), "{\"a\":1}\n{\"done\":true}"))
        .containsExactly(data("{\"a\":1}"), data("{\"done\":true}"));
    assertThat(feedWhole(new NdjsonCodec(), "{\"done\":true}\r"))
        .containsExactly(data("{\"done\":true}"));
    assertThat(feedWhole(new NdjsonCodec(), "{}\n  ")).containsExactly(data("{}"));
    assertThat(new NdjsonCodec().finish()).isEmpty();
  }

  @Test
  void leadingByteOrderMarkIsRemoved() {
    assertThat(feedCut(new NdjsonCodec(), utf8("\uFEFF{}\n\uFEFF{}\n"), 2))
        .containsExactly(data("{}"), data("\uFEFF{}"));
  }

  @Test
  void streamGivesTheSameLinesHoweverItIsSplit() {
    byte[] bytes = utf8("{\"t\":\"é€😀\"}\r\n\n{\"u\":\"中文\"}\n{\"v\":1}");
    Feeding.assertAllSplitsGive(
        NdjsonCodec::new,
        bytes,
        List.of(data("{\"t\":\"é€😀\"}"), data("{\"u\":\"中文\"}"), data("{\"v\":1}")));
  }

  @Test
  void feedingFromABufferRange() {
    Buffer buffer = new Buffer().writeUtf8("xx" + L1 + "\n" + L2 + "\nyy");
    long length = buffer.size() - 4;
    assertThat(new NdjsonCodec().feed(buffer, 2, length)).containsExactly(data(L1), data(L2));
    assertThat(buffer.size()).isEqualTo(length + 4);
  }

  @Test
  void encodeWritesDataAndNewline() throws IOException {
    assertThat(new String(NdjsonCodec.encode(data(L2)), UTF_8)).isEqualTo(L2 + "\n");
    assertThat(NdjsonCodec.encode(data("\"é\"")))
        .isEqualTo(new byte[] {'"', (byte) 0xC3, (byte) 0xA9, '"', '\n'});
    Buffer sink = new Buffer();
    NdjsonCodec.write(data(L1), sink);
    NdjsonCodec.write(data(L3).newBuilder().tMs(99).build(), sink);
    assertThat(sink.readUtf8()).isEqualTo(L1 + "\n" + L3 + "\n");
  }

  @Test
  void encodedLinesReadBackEqual() {
    List<StreamEvent> events = List.of(data(L1), data(L2), data(L3), data(" [1] "), data("a\rb"));
    Buffer sink = new Buffer();
    for (StreamEvent e : events) sink.write(NdjsonCodec.encode(e));
    assertThat(feedCut(new NdjsonCodec(), sink.readByteArray())).isEqualTo(events);
  }

  @Test
  void eventsThatWouldNotReadBackEqualAreRejected() {
    for (StreamEvent e :
        List.of(
            StreamEvent.builder().build(),
            StreamEvent.builder().comment("ping").build(),
            StreamEvent.builder().event("x").data("{}").build(),
            StreamEvent.builder().id("1").data("{}").build(),
            StreamEvent.builder().retry(1L).data("{}").build(),
            data("{}\n{}"),
            data("{}\r"),
            data(""),
            data(" \t"))) {
      assertThatThrownBy(() -> NdjsonCodec.encode(e))
          .as("%s", e)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NDJSON line");
    }
  }
}
