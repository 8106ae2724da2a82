package dev.llmreplay.internal.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * Token usage as the API reported it: input (prompt) and output (completion) tokens and their
 * total; each null when not reported. The total is never computed, only reported.
 *
 * @param inputTokens input (prompt) tokens, or null
 * @param outputTokens output (completion) tokens, or null
 * @param totalTokens total tokens as reported, or null
 */
public record Usage(Long inputTokens, Long outputTokens, Long totalTokens) {

  /** Usage from reported counts; any may be null. */
  public static Usage of(Long inputTokens, Long outputTokens, Long totalTokens) {
    return new Usage(inputTokens, outputTokens, totalTokens);
  }

  /** True when no count was reported. */
  public boolean isEmpty() {
    return inputTokens == null && outputTokens == null && totalTokens == null;
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
