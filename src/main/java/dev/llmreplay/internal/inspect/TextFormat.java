package dev.llmreplay.internal.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@link RequestSummary} and {@link Transcript} as aligned plain-text lines: a label
 * column, then the value; multi-line values continue under the value column.
 */
public final class TextFormat {
  private static final int LABEL_WIDTH = 10;
  private static final String INDENT = " ".repeat(LABEL_WIDTH);

  private TextFormat() {}

  /**
   * The request in brief.
   *
   * @param maxChars each input text is cut to this many characters and kept on one line (line
   *     breaks shown as {@code \n}); 0 or less prints every text whole
   */
  public static List<String> request(RequestSummary r, int maxChars) {
    List<String> out = new ArrayList<>();
    field(out, "request", r.method() + " " + r.url());
    if (r.model() != null) field(out, "model", r.model());
    for (RequestSummary.Line line : r.input()) {
      field(out, line.label(), maxChars > 0 ? brief(line.text(), maxChars) : line.text());
    }
    if (!r.tools().isEmpty()) field(out, "tools", String.join(", ", r.tools()));
    if (!r.params().isEmpty()) {
      List<String> params = new ArrayList<>();
      for (Map.Entry<String, String> p : r.params().entrySet()) {
        String v = maxChars > 0 ? brief(p.getValue(), Math.max(40, maxChars / 2)) : p.getValue();
        params.add(p.getKey() + "=" + v);
      }
      field(out, "params", String.join(", ", params));
    }
    if (r.bodyNote() != null) field(out, "body", r.bodyNote());
    return out;
  }

  /** The response as a person reads it. */
  public static List<String> response(Transcript t) {
    List<String> out = new ArrayList<>();
    String how =
        t.streamed()
            ? "streamed, "
                + t.eventCount()
                + " events"
                + (t.durationMs() > 0 ? " over " + seconds(t.durationMs()) : "")
            : "not streamed";
    String api = t.api() == Api.OTHER ? "" : t.api().label() + ", ";
    field(out, "response", t.status() + " (" + api + how + ")");
    if (t.model() != null) field(out, "model", t.model());
    boolean many = t.choices().size() > 1;
    for (Choice c : t.choices()) {
      String n = many ? " #" + c.index() : "";
      if (!c.reasoning().isEmpty()) field(out, "reasoning" + n, c.reasoning());
      if (!c.text().isEmpty() || c.toolCalls().isEmpty()) {
        field(out, "text" + n, c.text().isEmpty() ? "(empty)" : c.text());
      }
      if (!c.refusal().isEmpty()) field(out, "refusal" + n, c.refusal());
      for (ToolCall call : c.toolCalls()) field(out, "tool call" + n, call.toString());
      if (c.finishReason() != null) field(out, "finish" + n, c.finishReason());
    }
    if (t.usage() != null) field(out, "usage", t.usage().toString());
    if (t.error() != null) field(out, "error", t.error());
    for (String note : t.notes()) field(out, "note", note);
    if (t.incomplete() != null) field(out, "warning", "incomplete stream: " + t.incomplete());
    return out;
  }

  /** Adds {@code label value}, continuing extra lines of the value under the value column. */
  static void field(List<String> out, String label, String value) {
    String pad =
        label.length() >= LABEL_WIDTH
            ? label + " "
            : label + " ".repeat(LABEL_WIDTH - label.length());
    String[] lines = value.split("\r?\n", -1);
    out.add(pad + lines[0]);
    for (int i = 1; i < lines.length; i++) out.add(INDENT + lines[i]);
  }

  /** One line, at most {@code max} characters plus "… (N chars)". */
  static String brief(String text, int max) {
    String one = text.replace("\r\n", "\n").replace("\n", "\\n");
    if (one.length() <= max) return one;
    int end = max;
    if (Character.isHighSurrogate(one.charAt(end - 1))) end--;
    return one.substring(0, end) + "… (" + text.length() + " chars)";
  }

  private static String seconds(long ms) {
    return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
