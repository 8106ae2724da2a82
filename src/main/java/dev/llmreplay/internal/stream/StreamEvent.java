package dev.llmreplay.internal.stream;

import java.util.Objects;

/**
 * One event of a streamed response as it went over the wire: an SSE event (with its optional {@code
 * event}, {@code id} and {@code retry} fields and its data text, multi-line data joined by {@code
 * \n}), an SSE comment line, or one NDJSON line (data only). {@code tMs} is the time offset from
 * the request start at which the event was complete.
 */
public final class StreamEvent {
  private final String event;
  private final String id;
  private final Long retry;
  private final String data;
  private final String comment;
  private final long tMs;

  private StreamEvent(Builder b) {
    this.event = b.event;
    this.id = b.id;
    this.retry = b.retry;
    this.data = b.data;
    this.comment = b.comment;
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
        && Objects.equals(comment, e.comment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, id, retry, data, comment, tMs);
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

    public Builder tMs(long tMs) {
      this.tMs = tMs;
      return this;
    }

    public StreamEvent build() {
      return new StreamEvent(this);
    }
  }
}
