package dev.llmreplay.internal.stream;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.BufferedSink;

/**
 * Newline-delimited JSON ({@code application/x-ndjson}, as Ollama streams): an instance is an
 * incremental decoder returning each line as a data-only {@link StreamEvent}; {@link
 * #encode(StreamEvent)} writes one back.
 *
 * <p>Decoding: lines end in LF or CRLF (a CR elsewhere stays in the line; the CR of a CRLF may
 * arrive in a different chunk than its LF), lines that are empty or hold only spaces and tabs are
 * skipped, text is UTF-8 (correct when a character is split across chunks; a leading byte order
 * mark is removed) and the line is not otherwise changed or checked to be JSON. {@link #finish()}
 * returns a last line that had no newline. Returned events have {@code tMs == 0}. One instance per
 * stream; not thread-safe.
 */
public final class NdjsonCodec implements StreamDecoder {
  private final LineSplitter lines = new LineSplitter(false, this::line);

  /** Events completed during the current call, created on the first one. */
  private List<StreamEvent> completed;

  /** Creates a decoder for one new stream. */
  public NdjsonCodec() {}

  @Override
  public List<StreamEvent> feed(byte[] bytes, int offset, int length) {
    lines.feed(bytes, offset, length);
    return takeCompleted();
  }

  /** Ends the stream and returns its last line if it had no newline. */
  @Override
  public List<StreamEvent> finish() {
    lines.finish();
    return takeCompleted();
  }

  private List<StreamEvent> takeCompleted() {
    List<StreamEvent> events = completed;
    completed = null;
    return events == null ? List.of() : events;
  }

  private void line(byte[] b, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end && isSpaceOrTab(b[i])) i++;
    if (i == end) return; // blank: carries no JSON value
    if (completed == null) completed = new ArrayList<>();
    completed.add(StreamEvent.data(new String(b, offset, length, UTF_8)));
  }

  /** The wire bytes of {@code event}: its data and a newline. */
  public static byte[] encode(StreamEvent event) {
    return StreamFormat.NDJSON.encode(event);
  }

  /**
   * Writes {@code event}'s data and a newline to {@code sink}, without flushing.
   *
   * @throws IllegalArgumentException if the event would not read back equal: it has no data, an SSE
   *     field or a comment, or its data contains LF, ends in CR or is blank
   */
  public static void write(StreamEvent event, BufferedSink sink) throws IOException {
    String data = event.data();
    if (data == null
        || event.event() != null
        || event.id() != null
        || event.retry() != null
        || event.comment() != null) {
      throw new IllegalArgumentException("an NDJSON line carries data only: " + event);
    }
    if (data.indexOf('\n') >= 0 || data.endsWith("\r") || isBlank(data)) {
      throw new IllegalArgumentException(
          "an NDJSON line cannot contain LF, end in CR or be blank: " + data);
    }
    sink.writeUtf8(data).writeByte('\n');
  }

  private static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isSpaceOrTab(s.charAt(i))) return false;
    }
    return true;
  }

  private static boolean isSpaceOrTab(int c) {
    return c == ' ' || c == '\t';
  }
}
