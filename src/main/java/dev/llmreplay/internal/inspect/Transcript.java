package dev.llmreplay.internal.inspect;

import dev.llmreplay.internal.fixture.RecordedResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A recorded response as a person reads it: streamed chunks joined into text, tool calls with their
 * assembled arguments, the finish reason, token usage, and an API error message. Built from a
 * {@link RecordedResponse} by {@link #of}; the API is recognized from the content, so a chat-shaped
 * answer behind an odd URL ({@code /v1/v1/completions}) still reads as chat.
 *
 * <p>For a stream it also says whether the stream looks complete: OpenAI streams end with {@code
 * data: [DONE]}, Anthropic streams with {@code message_stop}, Responses API streams with {@code
 * response.completed} (or failed/incomplete), Ollama NDJSON with a line holding {@code "done":
 * true}.
 */
public final class Transcript {
  private final Api api;
  private final int status;
  private final boolean streamed;
  private final int eventCount;
  private final long durationMs;
  private final String model;
  private final List<Choice> choices;
  private final Usage usage;
  private final String error;
  private final String incomplete;
  private final List<String> notes;

  private Transcript(Builder b) {
    this.api = Objects.requireNonNull(b.api, "api");
    this.status = b.status;
    this.streamed = b.streamed;
    this.eventCount = b.eventCount;
    this.durationMs = b.durationMs;
    this.model = b.model;
    this.choices = List.copyOf(b.choices);
    this.usage = b.usage;
    this.error = b.error;
    this.incomplete = b.incomplete;
    this.notes = List.copyOf(b.notes);
  }

  /** Assembles the transcript of a recorded response. Never throws on odd content. */
  public static Transcript of(RecordedResponse response) {
    return Assembler.assemble(response);
  }

  /** A new builder (for tests and other assemblers). */
  public static Builder builder() {
    return new Builder();
  }

  /** The API the response speaks. */
  public Api api() {
    return api;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** Whether the response was streamed. */
  public boolean streamed() {
    return streamed;
  }

  /** The number of stream events (0 when not streamed). */
  public int eventCount() {
    return eventCount;
  }

  /** When the last event arrived, in ms from the request start (0 when not streamed). */
  public long durationMs() {
    return durationMs;
  }

  /** The model named in the response, or null. */
  public String model() {
    return model;
  }

  /** The answers, by index; empty for responses without generated text (errors, embeddings). */
  public List<Choice> choices() {
    return choices;
  }

  /** The first choice's text, or "" when there is no choice. */
  public String text() {
    return choices.isEmpty() ? "" : choices.get(0).text();
  }

  /** Every choice's tool calls, in order. */
  public List<ToolCall> toolCalls() {
    List<ToolCall> all = new ArrayList<>();
    choices.forEach(c -> all.addAll(c.toolCalls()));
    return all;
  }

  /** The first choice's finish reason, or null. */
  public String finishReason() {
    return choices.isEmpty() ? null : choices.get(0).finishReason();
  }

  /** Token usage, or null when the response reported none. */
  public Usage usage() {
    return usage;
  }

  /** The API's error message (error body or error event), or null. */
  public String error() {
    return error;
  }

  /** Why the stream looks cut short (e.g. "no data: [DONE] at the end"), or null when complete. */
  public String incomplete() {
    return incomplete;
  }

  /** Other facts worth a line (embedding sizes, a body excerpt for unknown APIs). */
  public List<String> notes() {
    return notes;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Transcript)) return false;
    Transcript t = (Transcript) o;
    return api == t.api
        && status == t.status
        && streamed == t.streamed
        && eventCount == t.eventCount
        && durationMs == t.durationMs
        && Objects.equals(model, t.model)
        && choices.equals(t.choices)
        && Objects.equals(usage, t.usage)
        && Objects.equals(error, t.error)
        && Objects.equals(incomplete, t.incomplete)
        && notes.equals(t.notes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        api,
        status,
        streamed,
        eventCount,
        durationMs,
        model,
        choices,
        usage,
        error,
        incomplete,
        notes);
  }

  @Override
  public String toString() {
    return "Transcript{"
        + api
        + ", status="
        + status
        + ", choices="
        + choices
        + ", usage="
        + usage
        + ", error="
        + error
        + ", incomplete="
        + incomplete
        + "}";
  }

  /** Builds a {@link Transcript}. */
  public static final class Builder {
    private Api api = Api.OTHER;
    private int status = 200;
    private boolean streamed;
    private int eventCount;
    private long durationMs;
    private String model;
    private List<Choice> choices = List.of();
    private Usage usage;
    private String error;
    private String incomplete;
    private List<String> notes = List.of();

    private Builder() {}

    /** The API. */
    public Builder api(Api api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /** The HTTP status. */
    public Builder status(int status) {
      this.status = status;
      return this;
    }

    /** Whether it was streamed, with how many events over how long. */
    public Builder streamed(boolean streamed, int eventCount, long durationMs) {
      this.streamed = streamed;
      this.eventCount = eventCount;
      this.durationMs = durationMs;
      return this;
    }

    /** The model named in the response. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** The answers. */
    public Builder choices(List<Choice> choices) {
      this.choices = Objects.requireNonNull(choices, "choices");
      return this;
    }

    /** Token usage, or null. */
    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    /** The API's error message, or null. */
    public Builder error(String error) {
      this.error = error;
      return this;
    }

    /** Why the stream looks cut short, or null. */
    public Builder incomplete(String incomplete) {
      this.incomplete = incomplete;
      return this;
    }

    /** Other facts worth a line. */
    public Builder notes(List<String> notes) {
      this.notes = Objects.requireNonNull(notes, "notes");
      return this;
    }

    /** The transcript. */
    public Transcript build() {
      return new Transcript(this);
    }
  }
}
