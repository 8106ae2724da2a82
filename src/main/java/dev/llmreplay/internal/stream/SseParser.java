package dev.llmreplay.internal.stream;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;

/**
 * An incremental parser of a {@code text/event-stream} body following the WHATWG HTML "event stream
 * interpretation" rules: UTF-8 (a leading byte order mark removed once, malformed bytes decoded as
 * U+FFFD), lines ended by LF, CR or CRLF, {@code field: value} with one leading space of the value
 * removed, a line without a colon being a field with an empty value, fields {@code event}, {@code
 * data} (several joined with {@code \n}), {@code id} (ignored if it contains NUL) and {@code retry}
 * (ignored unless it is ASCII digits), other fields ignored, and a blank line ending the event.
 *
 * <p>Because a recording must keep everything the wire carried, it deviates from what a browser's
 * {@code EventSource} would dispatch:
 *
 * <ul>
 *   <li>A comment line ({@code :text}) becomes an event of its own with {@link
 *       StreamEvent#comment()} set to the text after the colon, one leading space removed, so
 *       keep-alives survive. It is returned when its line ends, i.e. before an event it happens to
 *       sit inside.
 *   <li>An event is returned when any of {@code event}, {@code data}, {@code id} or {@code retry}
 *       was set, even without data; {@code data:} with an empty value is kept as data {@code ""},
 *       while an event without any data line has data {@code null}.
 *   <li>An event without an {@code event:} field keeps {@code event == null} (no default {@code
 *       "message"}), and {@code id} is the event's own {@code id:} field (null if it had none), not
 *       the last-event-ID that browsers carry over from earlier events.
 *   <li>At {@link #finish()}, an unterminated last line is interpreted, and an event that had
 *       fields but no closing blank line is returned too (browsers discard it).
 *   <li>A {@code retry} value too large for a {@code long} is ignored.
 * </ul>
 *
 * <p>Events are returned with {@code tMs == 0}. One instance per stream; not thread-safe.
 */
public final class SseParser implements StreamDecoder {
  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
  private static final byte[] ID = {'i', 'd'};
  private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};

  private final LineSplitter lines = new LineSplitter(true, this::line);

  /** Events completed during the current call, created on the first one. */
  private List<StreamEvent> completed;

  // The event being assembled; anyField says whether any of these was set.
  private boolean anyField;
  private String event;
  private String id;
  private Long retry;

  /** The first data line, or null before any data line. */
  private String data;

  /** Holds the joined data once a second data line arrives; reused across events. */
  private StringBuilder dataLines;

  private boolean multiLineData;

  /** Creates a parser for one new stream. */
  public SseParser() {}

  @Override
  public List<StreamEvent> feed(byte[] bytes, int offset, int length) {
    lines.feed(bytes, offset, length);
    return takeCompleted();
  }

  /**
   * Ends the stream: interprets an unterminated last line and returns the event still being
   * assembled, if it had any field (see the class comment for this deviation from browsers).
   */
  @Override
  public List<StreamEvent> finish() {
    lines.finish();
    if (anyField) dispatch();
    return takeCompleted();
  }

  private List<StreamEvent> takeCompleted() {
    List<StreamEvent> events = completed;
    completed = null;
    return events == null ? List.of() : events;
  }

  private void line(byte[] b, int offset, int length) {
    if (length == 0) {
      if (anyField) dispatch();
      return;
    }
    int end = offset + length;
    int colon = offset;
    while (colon < end && b[colon] != ':') colon++;
    int valueStart = colon == end ? end : colon + 1;
    if (valueStart < end && b[valueStart] == ' ') valueStart++;
    if (colon == offset) {
      emit(StreamEvent.builder().comment(decode(b, valueStart, end)).build());
      return;
    }
    int nameLength = colon - offset;
    if (is(b, offset, nameLength, DATA)) {
      appendData(decode(b, valueStart, end));
    } else if (is(b, offset, nameLength, EVENT)) {
      event = decode(b, valueStart, end);
      anyField = true;
    } else if (is(b, offset, nameLength, ID)) {
      if (indexOfNul(b, valueStart, end) < 0) {
        id = decode(b, valueStart, end);
        anyField = true;
      }
    } else if (is(b, offset, nameLength, RETRY)) {
      long value = digits(b, valueStart, end);
      if (value >= 0) {
        retry = value;
        anyField = true;
      }
    }
    // Any other field name is ignored, as the standard says.
  }

  private void appendData(String value) {
    anyField = true;
    if (data == null) {
      data = value; // the common single-line case: no copy
      return;
    }
    if (!multiLineData) {
      if (dataLines == null) dataLines = new StringBuilder(data.length() * 2 + value.length() + 1);
      dataLines.setLength(0);
      dataLines.append(data);
      multiLineData = true;
    }
    dataLines.append('\n').append(value);
  }

  private void dispatch() {
    emit(
        StreamEvent.builder()
            .event(event)
            .id(id)
            .retry(retry)
            .data(multiLineData ? dataLines.toString() : data)
            .build());
    anyField = false;
    event = null;
    id = null;
    retry = null;
    data = null;
    multiLineData = false;
  }

  private void emit(StreamEvent e) {
    if (completed == null) completed = new ArrayList<>();
    completed.add(e);
  }

  private static String decode(byte[] b, int start, int end) {
    return start == end ? "" : new String(b, start, end - start, UTF_8);
  }

  /** Field names are ASCII, so comparing bytes equals comparing the decoded names. */
  private static boolean is(byte[] b, int offset, int length, byte[] name) {
    if (length != name.length) return false;
    for (int i = 0; i < length; i++) {
      if (b[offset + i] != name[i]) return false;
    }
    return true;
  }

  private static int indexOfNul(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] == 0) return i;
    }
    return -1;
  }

  /** The value of a non-empty run of ASCII digits, or -1 if it is not one or overflows. */
  private static long digits(byte[] b, int start, int end) {
    if (start == end) return -1;
    long value = 0;
    for (int i = start; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9 || value > (Long.MAX_VALUE - d) / 10) return -1;
      value = value * 10 + d;
    }
    return value;
  }
}
