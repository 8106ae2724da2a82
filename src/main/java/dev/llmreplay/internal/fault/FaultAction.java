package dev.llmreplay.internal.fault;

/** What a fault rule does to a call. Each action writes itself back as spec text. */
public sealed interface FaultAction {

  /** The action as written in a spec, such as {@code cut-after=5}. */
  String spec();

  /**
   * The call is answered with an error of this status in the provider's shape, with a {@code
   * retry-after} header when {@code retryAfterSeconds} is not null.
   */
  record Status(int code, Integer retryAfterSeconds) implements FaultAction {
    @Override
    public String spec() {
      return "status="
          + code
          + (retryAfterSeconds == null ? "" : ",retry-after=" + retryAfterSeconds);
    }
  }

  /** The first {@code n} events (bytes of a whole body) arrive, then the connection fails. */
  record CutAfter(int n) implements BodyFault {
    @Override
    public String spec() {
      return "cut-after=" + n;
    }
  }

  /** The first {@code n} events arrive, then the body ends cleanly without its terminal event. */
  record EofAfter(int n) implements BodyFault {
    @Override
    public String spec() {
      return "eof-after=" + n;
    }
  }

  /**
   * The first {@code n} events arrive, then an in-stream error event in the provider's shape, then
   * the end. {@code status} picks the error type (null: the provider's overloaded or server error).
   */
  record ErrorEventAfter(int n, Integer status) implements BodyFault {
    @Override
    public String spec() {
      return "error-event-after=" + n + (status == null ? "" : ",status=" + status);
    }
  }

  /** The first {@code n} events arrive, then nothing for {@code millis}, then the rest. */
  record StallAfter(int n, long millis) implements BodyFault {
    @Override
    public String spec() {
      return "stall-after=" + n + ":" + DurationText.format(millis);
    }
  }

  /** The response starts after {@code millis}. */
  record Delay(long millis) implements FaultAction {
    @Override
    public String spec() {
      return "delay=" + DurationText.format(millis);
    }
  }

  /** An action on the body: it takes effect after the first {@link #n()} events or bytes. */
  sealed interface BodyFault extends FaultAction
      permits CutAfter, EofAfter, ErrorEventAfter, StallAfter {
    int n();
  }
}
