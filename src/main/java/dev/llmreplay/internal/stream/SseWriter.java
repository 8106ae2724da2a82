package dev.llmreplay.internal.stream;

import java.io.IOException;
import okio.BufferedSink;

/**
 * Writes {@link StreamEvent}s as {@code text/event-stream}, so that {@link SseParser} reads back
 * the same event: {@code parse(encode(e))} equals {@code e} apart from {@code tMs}, for every event
 * the parser can produce.
 *
 * <p>An event is written as its comment lines ({@code : text}), then {@code event: X}, {@code id:
 * Y}, {@code retry: N} for the fields that are set, then one {@code data: LINE} per line of data,
 * then a blank line. One space always follows the colon (none when the value is empty), because the
 * parser removes exactly one: a value that itself starts with a space or a colon survives. A
 * comment-only event therefore ends with a blank line too ({@code : ping\n\n}), which is how
 * servers send keep-alives; the blank line ends no event because the parser returned everything
 * before it already.
 *
 * <p>Data or a comment containing CR, LF or CRLF is written as several lines, which is how any SSE
 * reader would have seen it: data reads back with {@code \n} between the lines, a comment reads
 * back as one comment event per line. An event name or id containing CR or LF, an id containing
 * NUL, or a negative retry cannot be written as the same event and is rejected. An event with no
 * field and no comment writes nothing.
 */
public final class SseWriter {
  private SseWriter() {}

  /** The wire bytes of {@code event}. */
  public static byte[] encode(StreamEvent event) {
    return StreamFormat.SSE.encode(event);
  }

  /**
   * Writes the wire bytes of {@code event} to {@code sink}, without flushing.
   *
   * @throws IllegalArgumentException if the event cannot be written so that it reads back equal
   */
  public static void write(StreamEvent event, BufferedSink sink) throws IOException {
    checkSingleLine("event", event.event());
    checkSingleLine("id", event.id());
    if (event.id() != null && event.id().indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an SSE id cannot contain NUL: " + event);
    }
    if (event.retry() != null && event.retry() < 0) {
      throw new IllegalArgumentException("an SSE retry cannot be negative: " + event);
    }
    boolean wrote = false;
    if (event.comment() != null) {
      writeLines("", event.comment(), sink);
      wrote = true;
    }
    if (event.event() != null) {
      writeLine("event", event.event(), 0, event.event().length(), sink);
      wrote = true;
    }
    if (event.id() != null) {
      writeLine("id", event.id(), 0, event.id().length(), sink);
      wrote = true;
    }
    if (event.retry() != null) {
      sink.writeUtf8("retry: ").writeDecimalLong(event.retry()).writeByte('\n');
      wrote = true;
    }
    if (event.data() != null) {
      writeLines("data", event.data(), sink);
      wrote = true;
    }
    if (wrote) sink.writeByte('\n');
  }

  /** Writes one {@code field: line} per line of {@code text}, splitting on CRLF, CR and LF. */
  private static void writeLines(String field, String text, BufferedSink sink) throws IOException {
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        writeLine(field, text, start, i, sink);
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
        start = i + 1;
      }
    }
    writeLine(field, text, start, n, sink);
  }

  private static void writeLine(String field, String text, int start, int end, BufferedSink sink)
      throws IOException {
    sink.writeUtf8(field).writeByte(':');
    if (start < end) sink.writeByte(' ').writeUtf8(text, start, end);
    sink.writeByte('\n');
  }

  private static void checkSingleLine(String field, String value) {
    if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
      throw new IllegalArgumentException(
          "an SSE " + field + " cannot contain a line break: " + value);
    }
  }
}
