package dev.llmreplay.internal.stream;

import static dev.llmreplay.internal.stream.Feeding.feedByteByByte;
import static dev.llmreplay.internal.stream.Feeding.feedCut;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseWriterTest {

  private static String encode(StreamEvent e) {
    return new String(SseWriter.encode(e), UTF_8);
  }

  private static List<StreamEvent> parse(byte[] bytes) {
    return feedCut(new SseParser(), bytes);
  }

  @Test
  void dataOnlyEvent() {
    assertThat(encode(StreamEvent.data("{\"a\":1}"))).isEqualTo("data: {\"a\":1}\n\n");
  }

  @Test
  void allFieldsInOrder() {
    StreamEvent e =
        StreamEvent.builder().data("x").retry(3000L).id("42").event("content_block_delta").build();
    assertThat(encode(e)).isEqualTo("event: content_block_delta\nid: 42\nretry: 3000\ndata: x\n\n");
  }

  @Test
  void multiLineDataGetsOneDataLinePerLine() {
    assertThat(encode(StreamEvent.data("YHOO\n+2\n10")))
        .isEqualTo("data: YHOO\ndata: +2\ndata: 10\n\n");
  }

  @Test
  void emptyValuesAreWrittenWithoutTrailingSpace() {
    assertThat(encode(StreamEvent.data(""))).isEqualTo("data:\n\n");
    assertThat(encode(StreamEvent.data("\n"))).isEqualTo("data:\ndata:\n\n");
    assertThat(encode(StreamEvent.data("a\n"))).isEqualTo("data: a\ndata:\n\n");
    assertThat(encode(StreamEvent.builder().id("").build())).isEqualTo("id:\n\n");
    assertThat(encode(StreamEvent.builder().event("").build())).isEqualTo("event:\n\n");
  }

  @Test
  void valuesStartingWithSpaceOrColonKeepThemAfterTheSeparatingSpace() {
    assertThat(encode(StreamEvent.data("  two"))).isEqualTo("data:   two\n\n");
    assertThat(encode(StreamEvent.data(":x\n :y"))).isEqualTo("data: :x\ndata:  :y\n\n");
  }

  @Test
  void commentIsAKeepAliveBlock() {
    assertThat(encode(StreamEvent.builder().comment("ping").build())).isEqualTo(": ping\n\n");
    assertThat(encode(StreamEvent.builder().comment("").build())).isEqualTo(":\n\n");
    assertThat(encode(StreamEvent.builder().comment(" x").build())).isEqualTo(":  x\n\n");
  }

  @Test
  void commentWithLineBreaksBecomesSeveralCommentLines() {
    byte[] bytes = SseWriter.encode(StreamEvent.builder().comment("a\nb\r\nc").build());
    assertThat(new String(bytes, UTF_8)).isEqualTo(": a\n: b\n: c\n\n");
    assertThat(parse(bytes))
        .containsExactly(
            StreamEvent.builder().comment("a").build(),
            StreamEvent.builder().comment("b").build(),
            StreamEvent.builder().comment("c").build());
  }

  @Test
  void crAndCrlfInDataBecomeLineBreaksAsAReaderWouldSeeThem() {
    byte[] bytes = SseWriter.encode(StreamEvent.data("a\r\nb\rc\n\rd"));
    assertThat(new String(bytes, UTF_8)).isEqualTo("data: a\ndata: b\ndata: c\ndata:\ndata: d\n\n");
    assertThat(parse(bytes)).containsExactly(StreamEvent.data("a\nb\nc\n\nd"));
  }

  @Test
  void unicodeIsWrittenAsUtf8() {
    assertThat(SseWriter.encode(StreamEvent.data("é€😀")))
        .isEqualTo(
            new byte[] {
              'd',
              'a',
              't',
              'a',
              ':',
              ' ',
              (byte) 0xC3,
              (byte) 0xA9,
              (byte) 0xE2,
              (byte) 0x82,
              (byte) 0xAC,
              (byte) 0xF0,
              (byte) 0x9F,
              (byte) 0x98,
              (byte) 0x80,
              '\n',
              '\n'
            });
  }

  @Test
  void eventWithNothingSetWritesNothing() {
    assertThat(SseWriter.encode(StreamEvent.builder().tMs(5).build())).isEmpty();
  }

  @Test
  void timeIsNotWritten() {
    assertThat(encode(StreamEvent.data("x").newBuilder().tMs(1234).build()))
        .isEqualTo("data: x\n\n");
  }

  @Test
  void fieldsThatCannotBeWrittenFaithfullyAreRejected() {
    assertThatThrownBy(() -> SseWriter.encode(StreamEvent.builder().event("a\nb").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event");
    assertThatThrownBy(() -> SseWriter.encode(StreamEvent.builder().id("a\rb").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
    assertThatThrownBy(() -> SseWriter.encode(StreamEvent.builder().id("a\u0000b").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> SseWriter.encode(StreamEvent.builder().retry(-1L).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry");
  }

  @Test
  void writeAppendsToASinkWithoutFlushing() throws IOException {
    Buffer sink = new Buffer();
    SseWriter.write(StreamEvent.builder().event("ping").data("{}").build(), sink);
    SseWriter.write(StreamEvent.builder().comment("ka").build(), sink);
    SseWriter.write(StreamEvent.data("[DONE]"), sink);
    assertThat(sink.readUtf8()).isEqualTo("event: ping\ndata: {}\n\n: ka\n\ndata: [DONE]\n\n");
  }

  /** Events chosen to be awkward for the wire format, each of them producible by the parser. */
  private static final List<StreamEvent> AWKWARD =
      List.of(
          StreamEvent.data("plain"),
          StreamEvent.data(""),
          StreamEvent.data("\n"),
          StreamEvent.data("\n\n"),
          StreamEvent.data("a\n"),
          StreamEvent.data("\na"),
          StreamEvent.data(" leading space"),
          StreamEvent.data("  two leading spaces\n   three"),
          StreamEvent.data(": looks like a comment"),
          StreamEvent.data("data: looks like a field\nevent: x"),
          StreamEvent.data("trailing space "),
          StreamEvent.data("tab\there\u0000nul"),
          StreamEvent.data("\uFEFFbom first"),
          StreamEvent.data("héllo € 😀 中文"),
          StreamEvent.data("[DONE]"),
          StreamEvent.builder().event("message_stop").data("{\"type\":\"message_stop\"}").build(),
          StreamEvent.builder().event("").build(),
          StreamEvent.builder().event(" spaced").id(" ").build(),
          StreamEvent.builder().event(":colon").id(":1").retry(0L).build(),
          StreamEvent.builder().id("").data("").build(),
          StreamEvent.builder().id("ünï").retry(Long.MAX_VALUE).build(),
          StreamEvent.builder().retry(1L).build(),
          StreamEvent.builder().comment("").build(),
          StreamEvent.builder().comment(" ").build(),
          StreamEvent.builder().comment(":").build(),
          StreamEvent.builder().comment("keep-alive 😀").build());

  @Test
  void awkwardEventsReadBackEqual() {
    for (StreamEvent e : AWKWARD) {
      assertThat(parse(SseWriter.encode(e))).as("%s", e).containsExactly(e);
    }
  }

  @Test
  void awkwardEventsAsOneStreamReadBackEqualHoweverFed() throws IOException {
    Buffer sink = new Buffer();
    for (StreamEvent e : AWKWARD) SseWriter.write(e, sink);
    byte[] bytes = sink.readByteArray();
    assertThat(parse(bytes)).isEqualTo(AWKWARD);
    assertThat(feedByteByByte(new SseParser(), bytes)).isEqualTo(AWKWARD);
  }

  @Test
  void randomEventsReadBackEqual() {
    Random random = new Random(20250801);
    List<StreamEvent> events = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < 2000; i++) {
      StreamEvent e = randomEvent(random);
      byte[] bytes = SseWriter.encode(e);
      assertThat(parse(bytes)).as("%s", e).containsExactly(e);
      events.add(e);
      stream.writeBytes(bytes);
    }
    assertThat(parse(stream.toByteArray())).isEqualTo(events);
  }

  private static final String[] PIECES = {
    "a",
    "Z",
    "0",
    " ",
    "  ",
    ":",
    "\t",
    "\u0000",
    "é",
    "€",
    "😀",
    "\uFEFF",
    "{\"k\":[1]}",
    "data:",
    "event",
    "id"
  };

  private static String randomText(Random random, boolean newlines) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      if (newlines && random.nextInt(5) == 0) {
        s.append('\n');
      } else {
        s.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return s.toString();
  }

  private static StreamEvent randomEvent(Random random) {
    if (random.nextInt(6) == 0) {
      return StreamEvent.builder().comment(randomText(random, false)).build();
    }
    StreamEvent.Builder b = StreamEvent.builder();
    boolean any = false;
    if (random.nextBoolean()) {
      b.event(randomText(random, false));
      any = true;
    }
    if (random.nextInt(3) == 0) {
      b.id(randomText(random, false).replace("\u0000", ""));
      any = true;
    }
    if (random.nextInt(4) == 0) {
      b.retry((long) random.nextInt(100_000));
      any = true;
    }
    if (!any || random.nextInt(4) != 0) {
      b.data(randomText(random, true));
    }
    return b.build();
  }
}
