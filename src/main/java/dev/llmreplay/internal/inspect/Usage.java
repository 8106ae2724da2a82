package dev.llmreplay.internal.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Token usage as the API reported it: input (prompt) and output (completion) tokens and their
 * total; each null when not reported.
 */
public final class Usage {
  private final Long inputTokens;
  private final Long outputTokens;
  private final Long totalTokens;

  private Usage(Long inputTokens, Long outputTokens, Long totalTokens) {
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.totalTokens = totalTokens;
  }

  /** Usage from reported counts; any may be null. The total is never computed, only reported. */
  public static Usage of(Long inputTokens, Long outputTokens, Long totalTokens) {
    return new Usage(inputTokens, outputTokens, totalTokens);
  }

  /** Input (prompt) tokens, or null. */
  public Long inputTokens() {
    return inputTokens;
  }

  /** Output (completion) tokens, or null. */
  public Long outputTokens() {
    return outputTokens;
  }

  /** Total tokens as reported, or null. */
  public Long totalTokens() {
    return totalTokens;
  }

  /** True when no count was reported. */
  public boolean isEmpty() {
    return inputTokens == null && outputTokens == null && totalTokens == null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Usage)) return false;
    Usage u = (Usage) o;
    return Objects.equals(inputTokens, u.inputTokens)
        && Objects.equals(outputTokens, u.outputTokens)
        && Objects.equals(totalTokens, u.totalTokens);
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputTokens, outputTokens, totalTokens);
  }

  /** E.g. {@code 12 in, 30 out, 42 total}; the counts reported, in that order. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (inputTokens != null) parts.add(inputTokens + " in");
    if (outputTokens != null) parts.add(outputTokens + " out");
    if (totalTokens != null) parts.add(totalTokens + " total");
    return parts.isEmpty() ? "not reported" : String.join(", ", parts);
  }
}
