package dev.llmreplay.internal.stream;

import static dev.llmreplay.internal.stream.Feeding.feedCut;
import static dev.llmreplay.internal.stream.Feeding.feedWhole;
import static dev.llmreplay.internal.stream.Feeding.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private static StreamEvent data(String data) {
    return StreamEvent.data(data);
  }

  private static StreamEvent comment(String text) {
    return StreamEvent.builder().comment(text).build();
  }

  private static StreamEvent.Builder event() {
    return StreamEvent.builder();
  }

  private static List<StreamEvent> parse(String stream) {
    return feedWhole(new SseParser(), stream);
  }

  // --- The examples of the WHATWG HTML standard, section "Event stream interpretation" ---

  @Test
  void whatwgMultiLineDataIsJoinedWithLineFeeds() {
    assertThat(parse("data: YHOO\ndata: +2\ndata: 10\n\n")).containsExactly(data("YHOO\n+2\n10"));
  }

  @Test
  void whatwgFourBlocksWithCommentAndIds() {
    String stream =
        ": test stream\n\n"
            + "data: first event\n"
            + "id: 1\n\n"
            + "data:second event\n"
            + "id\n\n"
            + "data:  third event\n\n";
    assertThat(parse(stream))
        .containsExactly(
            comment("test stream"),
            event().data("first event").id("1").build(),
            event().data("second event").id("").build(),
            data(" third event"));
  }

  @Test
  void whatwgLastBlockWithoutBlankLineIsReturnedOnlyAtFinish() {
    SseParser parser = new SseParser();
    assertThat(parser.feed(utf8("data: first event\n\ndata:  third event\n")))
        .containsExactly(data("first event"));
    assertThat(parser.finish()).containsExactly(data(" third event"));
  }

  @Test
  void whatwgDataWithoutColonEmptyAndTwoLines() {
    // "data" alone is a data field with an empty value; two of them join to one newline. The last
    // block has no blank line: browsers drop it, the recorder keeps it.
    SseParser parser = new SseParser();
    assertThat(parser.feed(utf8("data\n\ndata\ndata\n\ndata:")))
        .containsExactly(data(""), data("\n"));
    assertThat(parser.finish()).containsExactly(data(""));
  }

  @Test
  void whatwgSpaceAfterColonIsOptional() {
    assertThat(parse("data:test\n\ndata: test\n\n")).containsExactly(data("test"), data("test"));
  }

  // --- Line endings ---

  @Test
  void lfCrAndCrlfAllEndLines() {
    assertThat(parse("event: a\ndata: 1\n\nevent: b\rdata: 2\r\revent: c\r\ndata: 3\r\n\r\n"))
        .containsExactly(
            event().event("a").data("1").build(),
            event().event("b").data("2").build(),
            event().event("c").data("3").build());
  }

  @Test
  void mixedLineEndingsWithinOneEvent() {
    assertThat(parse("data: 1\rdata: 2\r\ndata: 3\ndata: 4\n\r"))
        .containsExactly(data("1\n2\n3\n4"));
  }

  @Test
  void lfThenCrIsTwoLineBreaks() {
    assertThat(parse("data: a\n\rdata: b\n\n")).containsExactly(data("a"), data("b"));
  }

  @Test
  void crAtEndOfOneFeedAndLfAtStartOfNextAreOneLineBreak() {
    SseParser parser = new SseParser();
    assertThat(parser.feed(utf8("data: a\r"))).isEmpty();
    assertThat(parser.feed(utf8("\ndata: b\r"))).isEmpty();
    assertThat(parser.feed(utf8("\n"))).isEmpty(); // pairs with the CR: not a blank line
    assertThat(parser.feed(utf8("\n"))).containsExactly(data("a\nb"));
    assertThat(parser.finish()).isEmpty();
  }

  @Test
  void crAtEndOfFeedFollowedByEmptyFeedStillPairsWithLf() {
    SseParser parser = new SseParser();
    parser.feed(utf8("data: a\r"));
    assertThat(parser.feed(new byte[0])).isEmpty();
    assertThat(parser.feed(utf8("\ndata: b\n\n"))).containsExactly(data("a\nb"));
  }

  @Test
  void twoCrsAcrossFeedsAreABlankLine() {
    SseParser parser = new SseParser();
    assertThat(parser.feed(utf8("data: a\r"))).isEmpty();
    assertThat(parser.feed(utf8("\r"))).containsExactly(data("a"));
  }

  // --- Fields ---

  @Test
  void commentTextLosesOneLeadingSpaceOnly() {
    assertThat(parse(":ping\n: ping\n:  ping\n:\n::x\n: a: b\n"))
        .containsExactly(
            comment("ping"),
            comment("ping"),
            comment(" ping"),
            comment(""),
            comment(":x"),
            comment("a: b"));
  }

  @Test
  void commentInsideAnEventComesFirstAndDoesNotDisturbIt() {
    assertThat(parse("data: a\n: keep-alive\ndata: b\n\n"))
        .containsExactly(comment("keep-alive"), data("a\nb"));
  }

  @Test
  void valueKeepsLaterColonsAndAllButOneLeadingSpace() {
    assertThat(parse("data: a: b\n\ndata::x\n\ndata:   three\n\nevent:\tx\ndata\n\n"))
        .containsExactly(
            data("a: b"), data(":x"), data("  three"), event().event("\tx").data("").build());
  }

  @Test
  void eventWithoutEventFieldKeepsNullEventAndEmptyEventNameIsKept() {
    assertThat(parse("data: x\n\nevent:\ndata: y\n\n"))
        .containsExactly(data("x"), event().event("").data("y").build());
    assertThat(parse("data: x\n\n").get(0).event()).isNull();
  }

  @Test
  void eventsWithoutDataAreDispatchedWithNullData() {
    assertThat(parse("event: ping\n\nid: 42\n\nretry: 3000\n\n"))
        .containsExactly(
            event().event("ping").build(), event().id("42").build(), event().retry(3000L).build());
  }

  @Test
  void emptyDataIsKeptAsEmptyString() {
    assertThat(parse("data:\n\ndata: \n\n")).containsExactly(data(""), data(""));
  }

  @Test
  void unknownFieldsAndWrongCaseAreIgnored() {
    assertThat(parse("foo: bar\n\nData: x\nEVENT: y\n\nfoo: bar\ndata: z\n\n"))
        .containsExactly(data("z"));
  }

  @Test
  void blankLinesWithNothingSetDispatchNothing() {
    assertThat(parse("\n\n\r\n\r\rdata: x\n\n\n\n")).containsExactly(data("x"));
  }

  @Test
  void laterFieldOverridesEarlierOneInSameEvent() {
    assertThat(parse("event: a\nevent: b\nid: 1\nid: 2\nretry: 5\nretry: 6\ndata: x\n\n"))
        .containsExactly(event().event("b").id("2").retry(6L).data("x").build());
  }

  @Test
  void idIsPerEventNotCarriedOver() {
    assertThat(parse("id: 1\ndata: a\n\ndata: b\n\n"))
        .containsExactly(event().id("1").data("a").build(), data("b"));
  }

  @Test
  void idContainingNulIsIgnored() {
    assertThat(parse("id: a\u0000b\ndata: x\n\nid: a\u0000b\n\nid: 7\nid: 8\u0000\n\n"))
        .containsExactly(data("x"), event().id("7").build());
  }

  @Test
  void idWithSpacesAndUnicodeIsKeptVerbatim() {
    assertThat(parse("id:  a b é\n\n")).containsExactly(event().id(" a b é").build());
  }

  @Test
  void retryAcceptsOnlyAsciiDigits() {
    String stream =
        "retry: 1000\n\n"
            + "retry: 0\n\n"
            + "retry: 9223372036854775807\n\n"
            + "retry: 9223372036854775808\n\n" // overflows a long: ignored
            + "retry: 10a0\n\n"
            + "retry: -1\n\n"
            + "retry: +1\n\n"
            + "retry: 1.5\n\n"
            + "retry:\n\n"
            + "retry:  5\n\n" // the value is " 5"
            + "retry: ٣\n\n" // ARABIC-INDIC DIGIT THREE is not an ASCII digit
            + "retry: 12x\ndata: kept\n\n";
    assertThat(parse(stream))
        .containsExactly(
            event().retry(1000L).build(),
            event().retry(0L).build(),
            event().retry(Long.MAX_VALUE).build(),
            data("kept"));
  }

  // --- Encoding ---

  @Test
  void leadingByteOrderMarkIsRemovedOnce() {
    assertThat(parse("\uFEFFdata: x\n\n")).containsExactly(data("x"));
    // A second BOM belongs to the field name, which is then unknown.
    assertThat(parse("\uFEFF\uFEFFdata: x\n\ndata: y\n\n")).containsExactly(data("y"));
    // A BOM later in the stream is ordinary text.
    assertThat(parse("data: x\n\n\uFEFFdata: y\n\ndata: \uFEFFz\n\n"))
        .containsExactly(data("x"), data("\uFEFFz"));
  }

  @Test
  void byteOrderMarkSplitAcrossFeedsIsRemoved() {
    byte[] bytes = utf8("\uFEFF: hi\n");
    assertThat(feedCut(new SseParser(), bytes, 1, 2)).containsExactly(comment("hi"));
  }

  @Test
  void byteOrderMarkAloneOnFirstLineMakesItBlank() {
    assertThat(parse("\uFEFF\ndata: x\n\n")).containsExactly(data("x"));
  }

  @Test
  void malformedUtf8BecomesReplacementCharacters() {
    byte[] bytes = {'d', 'a', 't', 'a', ':', ' ', (byte) 0xC3, '(', (byte) 0xFF, '\n', '\n'};
    assertThat(feedCut(new SseParser(), bytes)).containsExactly(data("\uFFFD(\uFFFD"));
  }

  @Test
  void multiByteCharactersSplitAnywhereDecodeCorrectly() {
    String text = "é € 😀 中文 ü";
    byte[] bytes = utf8("data: " + text + "\n\n");
    Feeding.assertAllSplitsGive(SseParser::new, bytes, List.of(data(text)));
  }

  // --- Incremental feeding ---

  /** A stream with a BOM, every line ending, comments, multi-byte text and an unfinished end. */
  private static final String SAMPLE =
      "\uFEFF: keep-alive\r\n"
          + "\r\n"
          + "event: greeting\r"
          + "id: 7\r\n"
          + "retry: 2500\r"
          + "data: héllo €\n"
          + "data:  😀 two spaces\r\n"
          + "\r"
          + "data\n"
          + "\n"
          + "id\n"
          + "\n"
          + ": \n"
          + "data: tail without blank line";

  private static final List<StreamEvent> SAMPLE_EVENTS =
      List.of(
          comment("keep-alive"),
          event().event("greeting").id("7").retry(2500L).data("héllo €\n 😀 two spaces").build(),
          data(""),
          event().id("").build(),
          comment(""),
          data("tail without blank line"));

  @Test
  void sampleStreamGivesTheSameEventsHoweverItIsSplit() {
    byte[] bytes = utf8(SAMPLE);
    assertThat(feedCut(new SseParser(), bytes)).isEqualTo(SAMPLE_EVENTS);
    int ways = Feeding.assertAllSplitsGive(SseParser::new, bytes, SAMPLE_EVENTS);
    assertThat(ways).isEqualTo((bytes.length + 1) * (bytes.length + 2) / 2);
  }

  @Test
  void eventsAreReturnedByTheFeedThatCompletesThem() {
    SseParser parser = new SseParser();
    assertThat(parser.feed(utf8("data: a\n"))).isEmpty();
    assertThat(parser.feed(utf8("\ndata: b\n\nda"))).containsExactly(data("a"), data("b"));
    assertThat(parser.feed(utf8("ta: c\n"))).isEmpty();
    assertThat(parser.feed(utf8("\n"))).containsExactly(data("c"));
    assertThat(parser.finish()).isEmpty();
  }

  @Test
  void feedHonoursOffsetAndLength() {
    byte[] bytes = utf8("xxdata: a\n\nyy");
    assertThat(new SseParser().feed(bytes, 2, 9)).containsExactly(data("a"));
    assertThatThrownBy(() -> new SseParser().feed(bytes, 10, 9))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void finishInterpretsAnUnterminatedLastLine() {
    SseParser parser = new SseParser();
    assertThat(parser.feed(utf8("data: a\ndata: b\n\nevent: end\ndata: [DONE]")))
        .containsExactly(data("a\nb"));
    assertThat(parser.finish()).containsExactly(event().event("end").data("[DONE]").build());
  }

  @Test
  void finishOnCleanEndReturnsNothing() {
    SseParser parser = new SseParser();
    assertThat(parser.feed(utf8("data: a\n\n"))).containsExactly(data("a"));
    assertThat(parser.finish()).isEmpty();
    assertThat(new SseParser().finish()).isEmpty();
  }

  @Test
  void feedingFromAnOkioBufferRangeWithManySegmentsMatchesFeedingTheBytes() {
    StringBuilder stream = new StringBuilder();
    List<StreamEvent> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String text = "{\"i\":" + i + ",\"t\":\"é😀\"}";
      stream.append("id: ").append(i).append("\ndata: ").append(text).append("\r\n\r\n");
      expected.add(event().id(Integer.toString(i)).data(text).build());
    }
    byte[] bytes = utf8(stream.toString());
    assertThat(bytes.length).isGreaterThan(3 * 8192);

    // The whole buffer at once, crossing segment boundaries; the buffer is not consumed.
    Buffer whole = new Buffer().write(bytes);
    List<StreamEvent> events = new ArrayList<>(new SseParser().feed(whole, 0, whole.size()));
    assertThat(events).isEqualTo(expected);
    assertThat(whole.size()).isEqualTo(bytes.length);

    // As a tee does it: after each read of n bytes into the sink, feed the sink's last n bytes.
    SseParser parser = new SseParser();
    Buffer source = new Buffer().write(bytes);
    Buffer sink = new Buffer();
    events.clear();
    long n;
    while ((n = source.read(sink, 1000)) != -1) {
      events.addAll(parser.feed(sink, sink.size() - n, n));
    }
    events.addAll(parser.finish());
    assertThat(events).isEqualTo(expected);
    assertThat(sink.readByteArray()).isEqualTo(bytes);
  }

  @Test
  void feedingABufferRangeChecksBounds() {
    Buffer buffer = new Buffer().writeUtf8("data: x\n\n");
    assertThat(new SseParser().feed(buffer, 0, 0)).isEmpty();
    assertThatThrownBy(() -> new SseParser().feed(buffer, 5, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new SseParser().feed(buffer, -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  // --- Real provider streams ---

  @Test
  void openAiChatStreamEndingInDone() {
    String c1 =
        "{\"id\":\"chatcmpl-AB1\",\"object\":\"chat.completion.chunk\",\"created\":1736000000,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0aa8d3e20b\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
            + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]}";
    String c2 =
        "{\"id\":\"chatcmpl-AB1\",\"object\":\"chat.completion.chunk\",\"created\":1736000000,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0aa8d3e20b\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Blue — \\u00e9t\u00e9 ☀\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}";
    String c3 =
        "{\"id\":\"chatcmpl-AB1\",\"object\":\"chat.completion.chunk\",\"created\":1736000000,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0aa8d3e20b\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\"}]}";
    String wire = "data: " + c1 + "\n\ndata: " + c2 + "\n\ndata: " + c3 + "\n\ndata: [DONE]\n\n";
    List<StreamEvent> expected = List.of(data(c1), data(c2), data(c3), data("[DONE]"));

    assertThat(parse(wire)).isEqualTo(expected);
    assertThat(feedInChunksOf(7, utf8(wire))).isEqualTo(expected);
  }

  @Test
  void anthropicMessagesStreamWithNamedEventsAndPing() {
    String start =
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XY\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-5-haiku-20241022\","
            + "\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}";
    String blockStart =
        "{\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
    String ping = "{\"type\": \"ping\"}";
    String delta1 =
        "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}";
    String delta2 =
        "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\", wörld! 👋\"}}";
    String blockStop = "{\"type\":\"content_block_stop\",\"index\":0}";
    String messageDelta =
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}";
    String stop = "{\"type\":\"message_stop\"}";
    String[][] events = {
      {"message_start", start},
      {"content_block_start", blockStart},
      {"ping", ping},
      {"content_block_delta", delta1},
      {"content_block_delta", delta2},
      {"content_block_stop", blockStop},
      {"message_delta", messageDelta},
      {"message_stop", stop},
    };
    StringBuilder wire = new StringBuilder();
    List<StreamEvent> expected = new ArrayList<>();
    for (String[] e : events) {
      wire.append("event: ").append(e[0]).append("\ndata: ").append(e[1]).append("\n\n");
      expected.add(event().event(e[0]).data(e[1]).build());
    }

    assertThat(parse(wire.toString())).isEqualTo(expected);
    assertThat(feedInChunksOf(13, utf8(wire.toString()))).isEqualTo(expected);
    assertThat(expected.get(2).event()).isEqualTo("ping");
  }

  private static List<StreamEvent> feedInChunksOf(int size, byte[] bytes) {
    SseParser parser = new SseParser();
    List<StreamEvent> events = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += size) {
      events.addAll(parser.feed(bytes, i, Math.min(size, bytes.length - i)));
    }
    events.addAll(parser.finish());
    return events;
  }
}
