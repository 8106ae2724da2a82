package dev.llmreplay.internal.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A readable diff of two JSON request bodies, the recorded one and this request's: the {@link
 * Change}s by JSON Pointer (objects by key, arrays by index), and a unified diff of both bodies
 * pretty-printed with sorted keys.
 *
 * <p>Numbers compare as the request key sees them: two integers by value, two floats by their
 * double value ({@code 0.7} equals {@code 0.70}), an integer never equals a float ({@code 1} is not
 * {@code 1.0}). Bodies need not be objects: a {@code "sha256:…"} string or null diffs as one value
 * at the pointer {@code ""}.
 */
public final class BodyDiff {
  /** Changes listed before the rest are summarized as "… N more changes". */
  public static final int DEFAULT_MAX_CHANGES = 20;

  /** Unified diff lines shown before the rest are summarized as "… N more lines". */
  public static final int DEFAULT_MAX_DIFF_LINES = 60;

  /** Lines of unchanged context around each hunk of the unified diff. */
  private static final int CONTEXT_LINES = 2;

  /** Longer unified diff lines are cut around their first difference. */
  private static final int MAX_DIFF_LINE_CHARS = 120;

  /** A change whose one-line form is longer is shown on three lines, old above new. */
  private static final int MAX_CHANGE_LINE_CHARS = 100;

  /** Width of the "changed " column, so that pointers line up. */
  private static final int KIND_WIDTH = 9;

  private final JsonNode recorded;
  private final JsonNode actual;
  private final List<Change> changes;

  private BodyDiff(JsonNode recorded, JsonNode actual, List<Change> changes) {
    this.recorded = recorded;
    this.actual = actual;
    this.changes = changes;
  }

  /**
   * Diffs two bodies.
   *
   * @param recorded the recorded request's body; Java null is read as JSON null
   * @param actual this request's body; Java null is read as JSON null
   */
  public static BodyDiff of(JsonNode recorded, JsonNode actual) {
    JsonNode r = orNull(recorded);
    JsonNode a = orNull(actual);
    List<Change> changes = new ArrayList<>();
    collect(r, a, "", changes);
    return new BodyDiff(r, a, Collections.unmodifiableList(changes));
  }

  /** The recorded body. Do not modify. */
  public JsonNode recorded() {
    return recorded;
  }

  /** This request's body. Do not modify. */
  public JsonNode actual() {
    return actual;
  }

  /** The differences, in pretty-printed order (keys sorted, array elements by index). */
  public List<Change> changes() {
    return changes;
  }

  /** How many values differ: the number of {@link #changes()}. */
  public int distance() {
    return changes.size();
  }

  /** Whether the bodies are equal (as the request key sees them). */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * The changes as aligned lines, at most {@code maxChanges} of them and then {@code "… N more
   * changes"}:
   *
   * <pre>
   * changed  /temperature: 0.7 → 0.2
   * added    /user: "alice"
   * changed  /messages/0/content:
   *          - "…the quick brown [fox] jumps…"
   *          + "…the quick brown [cat] jumps…"
   * </pre>
   */
  public List<String> changeLines(int maxChanges) {
    List<String> lines = new ArrayList<>();
    int shown = Math.min(maxChanges, changes.size());
    for (Change change : changes.subList(0, shown)) {
      String head = pad(change.kind().word()) + change.displayPointer() + ":";
      String[] texts = change.valueTexts();
      if (change.kind() != Change.Kind.CHANGED) {
        lines.add(head + " " + texts[0]);
        continue;
      }
      String oneLine = head + " " + texts[0] + " → " + texts[1];
      if (oneLine.length() <= MAX_CHANGE_LINE_CHARS) {
        lines.add(oneLine);
      } else {
        lines.add(head);
        lines.add(" ".repeat(KIND_WIDTH) + "- " + texts[0]);
        lines.add(" ".repeat(KIND_WIDTH) + "+ " + texts[1]);
      }
    }
    if (changes.size() > shown) {
      int more = changes.size() - shown;
      lines.add("… " + more + " more change" + (more == 1 ? "" : "s"));
    }
    return lines;
  }

  /**
   * A unified diff of both bodies pretty-printed with sorted keys, two lines of context, headed
   * {@code --- recorded (<label>)} and {@code +++ this request}; empty when the bodies are equal.
   * Lines longer than 120 characters are cut around their first difference.
   *
   * @param recordedLabel names the recording in the header, such as its file name
   */
  public List<String> unifiedDiff(String recordedLabel) {
    if (changes.isEmpty()) {
      return List.of();
    }
    List<String> before = JsonText.prettyLines(recorded);
    List<String> after = JsonText.prettyLines(actual);
    Patch<String> patch = DiffUtils.diff(before, after);
    List<String> lines =
        UnifiedDiffUtils.generateUnifiedDiff(
            "recorded (" + recordedLabel + ")", "this request", before, patch, CONTEXT_LINES);
    return shortenLongLines(lines);
  }

  /**
   * The unified diff cut to {@code maxLines} lines, then {@code "… N more lines"}.
   *
   * @see #unifiedDiff(String)
   */
  public List<String> unifiedDiff(String recordedLabel, int maxLines) {
    List<String> lines = unifiedDiff(recordedLabel);
    if (lines.size() <= maxLines) {
      return lines;
    }
    List<String> cut = new ArrayList<>(lines.subList(0, maxLines));
    int more = lines.size() - maxLines;
    cut.add("… " + more + " more line" + (more == 1 ? "" : "s"));
    return cut;
  }

  /**
   * The change lines, a blank line and the unified diff, with the default caps; empty when the
   * bodies are equal.
   */
  public String render(String recordedLabel) {
    if (changes.isEmpty()) {
      return "";
    }
    List<String> lines = new ArrayList<>(changeLines(DEFAULT_MAX_CHANGES));
    lines.add("");
    lines.addAll(unifiedDiff(recordedLabel, DEFAULT_MAX_DIFF_LINES));
    return String.join("\n", lines);
  }

  @Override
  public String toString() {
    return render("recorded");
  }

  /**
   * The number of differing values, counting no further than {@code limit}: cheap ranking of many
   * candidates, without building pointers or change objects.
   */
  static int distance(JsonNode recorded, JsonNode actual, int limit) {
    return count(orNull(recorded), orNull(actual), 0, limit);
  }

  private static JsonNode orNull(JsonNode node) {
    return node == null || node.isMissingNode() ? JsonNodeFactory.instance.nullNode() : node;
  }

  private static void collect(JsonNode r, JsonNode a, String pointer, List<Change> out) {
    if (r.isObject() && a.isObject()) {
      for (String key : unionOfKeys(r, a)) {
        String child = pointer + "/" + escapePointer(key);
        JsonNode rv = r.get(key);
        JsonNode av = a.get(key);
        if (av == null) {
          out.add(Change.removed(child, rv));
        } else if (rv == null) {
          out.add(Change.added(child, av));
        } else {
          collect(rv, av, child, out);
        }
      }
    } else if (r.isArray() && a.isArray()) {
      int common = Math.min(r.size(), a.size());
      for (int i = 0; i < common; i++) {
        collect(r.get(i), a.get(i), pointer + "/" + i, out);
      }
      for (int i = common; i < r.size(); i++) {
        out.add(Change.removed(pointer + "/" + i, r.get(i)));
      }
      for (int i = common; i < a.size(); i++) {
        out.add(Change.added(pointer + "/" + i, a.get(i)));
      }
    } else if (!sameValue(r, a)) {
      out.add(Change.changed(pointer, r, a));
    }
  }

  /** Adds the differences below r and a to {@code found}; stops counting at {@code limit}. */
  private static int count(JsonNode r, JsonNode a, int found, int limit) {
    if (found >= limit || r == a) {
      return found;
    }
    if (r.isObject() && a.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = r.properties().iterator();
          it.hasNext() && found < limit; ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode av = a.get(field.getKey());
        found = av == null ? found + 1 : count(field.getValue(), av, found, limit);
      }
      for (Iterator<String> it = a.fieldNames(); it.hasNext() && found < limit; ) {
        if (!r.has(it.next())) {
          found++;
        }
      }
      return Math.min(found, limit);
    }
    if (r.isArray() && a.isArray()) {
      int common = Math.min(r.size(), a.size());
      found += Math.max(r.size(), a.size()) - common;
      for (int i = 0; i < common && found < limit; i++) {
        found = count(r.get(i), a.get(i), found, limit);
      }
      return Math.min(found, limit);
    }
    return sameValue(r, a) ? found : found + 1;
  }

  /** Equality of two values that are not both objects nor both arrays. */
  private static boolean sameValue(JsonNode r, JsonNode a) {
    if (r.isNumber() && a.isNumber()) {
      if (r.isIntegralNumber() && a.isIntegralNumber()) {
        return r.bigIntegerValue().equals(a.bigIntegerValue());
      }
      if (r.isFloatingPointNumber() && a.isFloatingPointNumber()) {
        // The key is computed from Python's float repr: equal doubles hash alike.
        return Double.compare(r.doubleValue(), a.doubleValue()) == 0;
      }
      return false;
    }
    return r.equals(a);
  }

  private static List<String> unionOfKeys(JsonNode r, JsonNode a) {
    List<String> keys = new ArrayList<>(r.size() + a.size());
    r.fieldNames().forEachRemaining(keys::add);
    a.fieldNames()
        .forEachRemaining(
            k -> {
              if (!r.has(k)) {
                keys.add(k);
              }
            });
    keys.sort(JsonText::compareCodePoints);
    return keys;
  }

  /** RFC 6901: "~" is written "~0" and "/" is written "~1". */
  private static String escapePointer(String key) {
    if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
      return key;
    }
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String pad(String word) {
    return word + " ".repeat(Math.max(1, KIND_WIDTH - word.length()));
  }

  /** Cuts long lines, pairing each removed line with the added line that replaced it. */
  private static List<String> shortenLongLines(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    int headers = Math.min(2, lines.size());
    out.addAll(lines.subList(0, headers));
    int i = headers;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (!line.startsWith("-")) {
        out.add(JsonText.shortenAround(line, "", MAX_DIFF_LINE_CHARS));
        i++;
        continue;
      }
      int minusStart = i;
      while (i < lines.size() && lines.get(i).startsWith("-")) {
        i++;
      }
      int plusStart = i;
      while (i < lines.size() && lines.get(i).startsWith("+")) {
        i++;
      }
      int minusCount = plusStart - minusStart;
      int plusCount = i - plusStart;
      for (int k = 0; k < minusCount; k++) {
        String partner = k < plusCount ? lines.get(plusStart + k) : "";
        out.add(JsonText.shortenAround(lines.get(minusStart + k), partner, MAX_DIFF_LINE_CHARS));
      }
      for (int k = 0; k < plusCount; k++) {
        String partner = k < minusCount ? lines.get(minusStart + k) : "";
        out.add(JsonText.shortenAround(lines.get(plusStart + k), partner, MAX_DIFF_LINE_CHARS));
      }
    }
    return out;
  }
}
