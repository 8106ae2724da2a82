package dev.llmreplay.internal.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A choice being assembled from chunks. */
final class ChoiceDraft {
  final int index;
  final StringBuilder text = new StringBuilder();
  final StringBuilder reasoning = new StringBuilder();
  final StringBuilder refusal = new StringBuilder();

  /** Tool calls by the key their chunks carry (OpenAI tool index, Anthropic block index, …). */
  final Map<String, ToolDraft> tools = new LinkedHashMap<>();

  String finishReason;

  ChoiceDraft(int index) {
    this.index = index;
  }

  ToolDraft tool(String key) {
    return tools.computeIfAbsent(key, k -> new ToolDraft());
  }

  Choice build() {
    List<ToolCall> calls = new ArrayList<>();
    tools.values().forEach(t -> calls.add(t.build()));
    return Choice.builder()
        .index(index)
        .text(text.toString())
        .reasoning(reasoning.toString())
        .refusal(refusal.toString())
        .toolCalls(calls)
        .finishReason(finishReason)
        .build();
  }

  /** A tool call being assembled. */
  static final class ToolDraft {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();

    /** Arguments given whole (e.g. an Anthropic tool_use block's input), used when no deltas. */
    String wholeArguments;

    ToolCall build() {
      String args =
          arguments.length() > 0 || wholeArguments == null ? arguments.toString() : wholeArguments;
      return ToolCall.of(id, name, args);
    }
  }

  /** Drafts by index, built in index order. */
  static final class Choices {
    private final Map<Integer, ChoiceDraft> byIndex = new java.util.TreeMap<>();

    ChoiceDraft at(int index) {
      return byIndex.computeIfAbsent(index, ChoiceDraft::new);
    }

    List<Choice> build() {
      List<Choice> out = new ArrayList<>();
      byIndex.values().forEach(d -> out.add(d.build()));
      return out;
    }
  }
}
