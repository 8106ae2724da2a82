package dev.llmreplay.internal.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link ChangeReport} as GitHub-flavoured Markdown, for a pull request body: the counts, then
 * the added, changed, removed, failed and skipped fixtures; each changed fixture with one line (or
 * block) per changed {@link Aspect}. Long texts are cut, and so is the report as a whole.
 */
final class ChangeReportMarkdown {
  /** GitHub refuses pull request bodies over 65,536 characters; stay well below. */
  static final int MAX_CHARS = 60_000;

  private static final int MAX_TEXT_CHARS = 1_500;
  private static final int MAX_CALL_CHARS = 200;

  private ChangeReportMarkdown() {}

  static String render(ChangeReport report) {
    StringBuilder out = new StringBuilder();
    out.append("## ").append(report.title()).append("\n\n");
    if (report.dryRun()) out.append("Dry run: no fixture was written.\n\n");
    out.append(report.summary()).append("\n");
    section(out, "Added", report.added());
    List<FixtureChange> changed = report.changed();
    if (!changed.isEmpty()) {
      out.append("\n### ")
          .append(report.dryRun() ? "Would change" : "Changed")
          .append(" (")
          .append(changed.size())
          .append(")\n");
      int shown = 0;
      for (FixtureChange c : changed) {
        String block = render(c);
        if (out.length() + block.length() > MAX_CHARS) break;
        out.append(block);
        shown++;
      }
      if (shown < changed.size()) {
        out.append("\n_")
            .append(changed.size() - shown)
            .append(" more changed fixtures not shown: the report is too long._\n");
      }
    }
    section(out, "Removed", report.removed());
    section(out, "Failed", report.failed());
    section(out, "Skipped", report.skipped());
    // Blocks end in a blank line and start with one; no line of a block is empty, so this only
    // merges the gaps between blocks.
    return out.toString().replaceAll("\n{3,}", "\n\n").replaceAll("\n+$", "\n");
  }

  private static void section(StringBuilder out, String heading, Map<String, String> items) {
    if (items.isEmpty()) return;
    out.append("\n### ").append(heading).append(" (").append(items.size()).append(")\n\n");
    int shown = 0;
    for (Map.Entry<String, String> e : items.entrySet()) {
      String line = "- " + code(e.getKey()) + ": " + e.getValue() + "\n";
      if (out.length() + line.length() > MAX_CHARS) break;
      out.append(line);
      shown++;
    }
    if (shown < items.size()) {
      out.append("- _")
          .append(items.size() - shown)
          .append(" more not shown: the report is too long._\n");
    }
  }

  private static String render(FixtureChange c) {
    StringBuilder b = new StringBuilder();
    b.append("\n#### ").append(code(c.path())).append("\n\n");
    b.append(c.request()).append("\n\n");
    for (Aspect aspect : c.changedAspects()) render(aspect, c, b);
    return b.toString();
  }

  private static void render(Aspect aspect, FixtureChange c, StringBuilder b) {
    switch (aspect) {
      case STATUS -> arrowLine(b, "Status", c.statusBefore(), c.statusAfter());
      case RESPONSES ->
          arrowLine(
              b,
              "Responses",
              String.valueOf(c.responsesBefore()),
              String.valueOf(c.responsesAfter()));
      case TEXT -> {
        b.append("- Text changed:\n\n");
        diffBlock(b, c.before().text(), c.after().text());
        b.append("\n");
      }
      case TOOL_CALLS -> {
        b.append("- Tool calls changed:\n");
        b.append("  - before: ").append(calls(c.before().toolCalls())).append("\n");
        b.append("  - after: ").append(calls(c.after().toolCalls())).append("\n");
      }
      case FINISH_REASON ->
          arrowLine(
              b,
              "Finish reason",
              orNone(c.before().finishReason()),
              orNone(c.after().finishReason()));
      case USAGE -> {
        List<String> parts = new ArrayList<>();
        c.usageChanges()
            .forEach(
                (name, counts) ->
                    parts.add(name + " " + count(counts.before()) + " → " + count(counts.after())));
        b.append("- Token usage: ").append(String.join(", ", parts)).append("\n");
      }
      case FIELDS -> {
        listLine(b, "Response fields added", c.fieldsAdded());
        listLine(b, "Response fields gone", c.fieldsGone());
      }
      case HEADERS -> {
        listLine(b, "Response headers added", c.headersAdded());
        listLine(b, "Response headers gone", c.headersGone());
      }
      case EVENTS ->
          arrowLine(
              b,
              "Stream events",
              String.valueOf(c.eventsBefore()),
              String.valueOf(c.eventsAfter()));
      case OTHER_VALUES -> listLine(b, "Other values changed", c.otherPaths());
    }
  }

  private static void arrowLine(StringBuilder b, String label, String before, String after) {
    b.append("- ").append(label).append(": ").append(before).append(" → ").append(after);
    b.append("\n");
  }

  private static void listLine(StringBuilder b, String label, List<String> items) {
    if (items.isEmpty()) return;
    b.append("- ").append(label).append(": ");
    b.append(items.stream().map(ChangeReportMarkdown::code).collect(Collectors.joining(", ")));
    b.append("\n");
  }

  private static void diffBlock(StringBuilder b, String before, String after) {
    StringBuilder body = new StringBuilder();
    for (String line : truncate(before, MAX_TEXT_CHARS).split("\n", -1))
      body.append("- ").append(line).append("\n");
    for (String line : truncate(after, MAX_TEXT_CHARS).split("\n", -1))
      body.append("+ ").append(line).append("\n");
    String fence = "`".repeat(Math.max(3, longestRun(body, '`') + 1));
    b.append("  ").append(fence).append("diff\n");
    for (String line : body.toString().split("\n")) b.append("  ").append(line).append("\n");
    b.append("  ").append(fence).append("\n");
  }

  private static String calls(List<String> calls) {
    if (calls.isEmpty()) return "none";
    return calls.stream()
        .map(c -> code(truncate(c, MAX_CALL_CHARS)))
        .collect(Collectors.joining(", "));
  }

  private static String orNone(String s) {
    return s == null ? "none" : code(s);
  }

  private static String count(Long n) {
    return n == null ? "none" : n.toString();
  }

  /** A Markdown code span that survives backticks and line breaks inside. */
  static String code(String s) {
    String flat = s.replace("\r", " ").replace("\n", " ");
    int run = longestRun(flat, '`');
    if (run == 0) return "`" + flat + "`";
    String ticks = "`".repeat(run + 1);
    return ticks + " " + flat + " " + ticks;
  }

  private static int longestRun(CharSequence s, char c) {
    int best = 0;
    int cur = 0;
    for (int i = 0; i < s.length(); i++) {
      cur = s.charAt(i) == c ? cur + 1 : 0;
      best = Math.max(best, cur);
    }
    return best;
  }

  /** At most {@code max} characters, never splitting a surrogate pair, with … when cut. */
  static String truncate(String s, int max) {
    if (s.length() <= max) return s;
    int end = max;
    if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
    return s.substring(0, end) + "…";
  }
}
