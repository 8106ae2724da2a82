package dev.llmreplay.internal.stream;

import java.util.List;
import java.util.Objects;

/**
 * One event of a streamed response as it went over the wire: an SSE event (with its optional {@code
 * event}, {@code id} and {@code retry} fields and its data text, multi-line data joined by {@code
 * \n}), an SSE comment line, or one NDJSON line (data only). {@code tMs} is the time offset from
 * the request start at which the event was complete.
 *
 * <p>An AWS event-stream frame is an event too: {@code event} is its {@code :event-type} (or {@code
 * :exception-type}), {@link #headers()} all its headers in wire order, {@code data} its payload
 * (UTF-8 text, or base64 when {@link #binaryData()}).
 */
public final class StreamEvent {
  private final String event;
  private final String id;
  private final Long retry;
  private final String data;
  private final String comment;
  private final List<EventHeader> headers;
  private final boolean binaryData;
  private final long tMs;

  private StreamEvent(Builder b) {
    this.event = b.event;
    this.id = b.id;
    this.retry = b.retry;
    this.data = b.data;
    this.comment = b.comment;
    this.headers = List.copyOf(b.headers);
    this.binaryData = b.binaryData;
    this.tMs = b.tMs;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An event carrying only data (an OpenAI-style SSE event or an NDJSON line). */
  public static StreamEvent data(String data) {
    return builder().data(data).build();
  }

  public Builder newBuilder() {
    Builder b = new Builder();
    b.event = event;
    b.id = id;
    b.retry = retry;
    b.data = data;
    b.comment = comment;
    b.headers = headers;
    b.binaryData = binaryData;
    b.tMs = tMs;
    return b;
  }

  /** The SSE {@code event:} field, or null. */
  public String event() {
    return event;
  }

  /** The SSE {@code id:} field, or null (an empty id is kept as ""). */
  public String id() {
    return id;
  }

  /** The SSE {@code retry:} field, or null. */
  public Long retry() {
    return retry;
  }

  /** The data text (multi-line data joined with {@code \n}), or null when the event had none. */
  public String data() {
    return data;
  }

  /** A comment line's text (after the colon), when this event is a comment; otherwise null. */
  public String comment() {
    return comment;
  }

  public boolean isComment() {
    return comment != null;
  }

  /** The headers of an event-stream frame, in wire order; empty for SSE and NDJSON events. */
  public List<EventHeader> headers() {
    return headers;
  }

  /** Whether {@link #data()} is the base64 of a payload that is not UTF-8 text. */
  public boolean binaryData() {
    return binaryData;
  }

  /** Milliseconds from the request start until this event was complete. */
  public long tMs() {
    return tMs;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StreamEvent)) return false;
    StreamEvent e = (StreamEvent) o;
    return tMs == e.tMs
        && Objects.equals(event, e.event)
        && Objects.equals(id, e.id)
        && Objects.equals(retry, e.retry)
        && Objects.equals(data, e.data)
        && Objects.equals(comment, e.comment)
        && headers.equals(e.headers)
        && binaryData == e.binaryData;
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, id, retry, data, comment, headers, binaryData, tMs);
  }

  @Override
  public String toString() {
    return "StreamEvent{event="
        + event
        + ", id="
        + id
        + ", retry="
        + retry
        + ", data="
        + data
        + ", comment="
        + comment
        + (headers.isEmpty() ? "" : ", headers=" + headers)
        + (binaryData ? ", binaryData" : "")
        + ", tMs="
        + tMs
        + "}";
  }

  /** Builds a {@link StreamEvent}. */
  public static final class Builder {
    private String event;
    private String id;
    private Long retry;
    private String data;
    private String comment;
    private List<EventHeader> headers = List.of();
    private boolean binaryData;
    private long tMs;

    private Builder() {}

    public Builder event(String event) {
      this.event = event;
      return this;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder retry(Long retry) {
      this.retry = retry;
      return this;
    }

    public Builder data(String data) {
      this.data = data;
      return this;
    }

    public Builder comment(String comment) {
      this.comment = comment;
      return this;
    }

    /** An event-stream frame's headers, in wire order. */
    public Builder headers(List<EventHeader> headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      return this;
    }

    /** Marks {@code data} as the base64 of a binary payload. */
    public Builder binaryData(boolean binaryData) {
      this.binaryData = binaryData;
      return this;
    }

    public Builder tMs(long tMs) {
      this.tMs = tMs;
      return this;
    }

    public StreamEvent build() {
      return new StreamEvent(this);
    }
  }
}
