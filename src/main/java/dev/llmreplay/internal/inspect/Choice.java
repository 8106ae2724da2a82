package dev.llmreplay.internal.inspect;

import java.util.List;
import java.util.Objects;

/**
 * One generated answer: the text, any reasoning text, the tool calls and why generation stopped.
 * Most responses have one; OpenAI's {@code n} > 1 gives several, by index.
 */
public final class Choice {
  private final int index;
  private final String text;
  private final String reasoning;
  private final String refusal;
  private final List<ToolCall> toolCalls;
  private final String finishReason;

  private Choice(Builder b) {
    this.index = b.index;
    this.text = b.text;
    this.reasoning = b.reasoning;
    this.refusal = b.refusal;
    this.toolCalls = List.copyOf(b.toolCalls);
    this.finishReason = b.finishReason;
  }

  /** A new builder (index 0, empty text, no tool calls). */
  public static Builder builder() {
    return new Builder();
  }

  /** The choice's index (0 unless the API returned several). */
  public int index() {
    return index;
  }

  /** The assembled text ("" when the model produced none). */
  public String text() {
    return text;
  }

  /** Reasoning ("thinking") text when the API streamed it separately; "" otherwise. */
  public String reasoning() {
    return reasoning;
  }

  /** A refusal message (OpenAI {@code refusal}); "" when none. */
  public String refusal() {
    return refusal;
  }

  /** The tool calls, in order. */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** Why generation stopped ({@code stop}, {@code length}, {@code end_turn}, …), or null. */
  public String finishReason() {
    return finishReason;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Choice)) return false;
    Choice c = (Choice) o;
    return index == c.index
        && text.equals(c.text)
        && reasoning.equals(c.reasoning)
        && refusal.equals(c.refusal)
        && toolCalls.equals(c.toolCalls)
        && Objects.equals(finishReason, c.finishReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, text, reasoning, refusal, toolCalls, finishReason);
  }

  @Override
  public String toString() {
    return "Choice{"
        + index
        + ", text="
        + text
        + ", toolCalls="
        + toolCalls
        + ", finish="
        + finishReason
        + "}";
  }

  /** Builds a {@link Choice}. */
  public static final class Builder {
    private int index;
    private String text = "";
    private String reasoning = "";
    private String refusal = "";
    private List<ToolCall> toolCalls = List.of();
    private String finishReason;

    private Builder() {}

    /** The choice's index. */
    public Builder index(int index) {
      this.index = index;
      return this;
    }

    /** The assembled text. */
    public Builder text(String text) {
      this.text = Objects.requireNonNull(text, "text");
      return this;
    }

    /** The assembled reasoning text. */
    public Builder reasoning(String reasoning) {
      this.reasoning = Objects.requireNonNull(reasoning, "reasoning");
      return this;
    }

    /** The assembled refusal text. */
    public Builder refusal(String refusal) {
      this.refusal = Objects.requireNonNull(refusal, "refusal");
      return this;
    }

    /** The tool calls, in order. */
    public Builder toolCalls(List<ToolCall> toolCalls) {
      this.toolCalls = Objects.requireNonNull(toolCalls, "toolCalls");
      return this;
    }

    /** Why generation stopped, or null. */
    public Builder finishReason(String finishReason) {
      this.finishReason = finishReason;
      return this;
    }

    /** The choice. */
    public Choice build() {
      return new Choice(this);
    }
  }
}
