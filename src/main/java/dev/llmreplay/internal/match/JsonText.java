package dev.llmreplay.internal.match;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text for people: compact or pretty, always with keys sorted by code point (the order the
 * request key hashes them in), and excerpts of long strings around their first difference.
 */
final class JsonText {
  /** Longest rendering of a single value before it is cut with an ellipsis. */
  static final int MAX_VALUE_CHARS = 80;

  private static final String ELLIPSIS = "…";

  /** Characters of unchanged text shown on each side of a difference inside a long string. */
  private static final int CONTEXT_CHARS = 20;

  /** Longest differing region shown inside brackets before it is cut. */
  private static final int MAX_REGION_CHARS = 30;

  /** A word is widened to its boundaries only when that adds at most this many characters. */
  private static final int MAX_WORD_WIDENING = 15;

  private JsonText() {}

  /** Compact JSON with sorted keys, like {@code {"a":1,"b":[true,null]}}. */
  static String compact(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out, null, 0);
    return out.toString();
  }

  /** Compact JSON cut to {@link #MAX_VALUE_CHARS} characters, ending in "…" when cut. */
  static String shortCompact(JsonNode node) {
    return truncate(compact(node), MAX_VALUE_CHARS);
  }

  /** Pretty JSON with sorted keys and two-space indentation, one line per scalar. */
  static List<String> prettyLines(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out, "  ", 0);
    return List.of(out.toString().split("\n", -1));
  }

  /** A JSON string literal, quotes included, escaped as Jackson writes it. */
  static String quote(String s) {
    return "\"" + escape(s) + "\"";
  }

  /** The inside of a JSON string literal. */
  static String escape(String s) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(s));
  }

  /** Cuts {@code s} to at most {@code max} characters, the last being "…" when cut. */
  static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, safeCut(s, max - 1)) + ELLIPSIS;
  }

  /**
   * Excerpts of two different strings around the region where they differ, the region in brackets:
   * {@code "…the quick brown [fox] jumps…"} and {@code "…the quick brown [cat] jumps…"}. Both
   * excerpts share their context, so their brackets line up when printed one above the other.
   *
   * @return two JSON string literals: the excerpt of {@code a}, then of {@code b}
   */
  static String[] excerpts(String a, String b) {
    int prefix = commonPrefix(a, b);
    int suffix = commonSuffix(a, b, prefix);
    int start = widenStart(a, b, prefix, suffix);
    int tail = widenTail(a, b, start, suffix);
    int endA = a.length() - tail;
    int endB = b.length() - tail;
    int contextStart = contextStart(a, start);
    int contextEnd = contextEnd(a, endA);
    String before = a.substring(contextStart, start);
    String after = a.substring(endA, contextEnd);
    String lead = contextStart > 0 ? ELLIPSIS : "";
    String trail = contextEnd < a.length() ? ELLIPSIS : "";
    return new String[] {
      excerpt(lead, before, a.substring(start, endA), after, trail),
      excerpt(lead, before, b.substring(start, endB), after, trail)
    };
  }

  /**
   * Moves the region's start back to the beginning of the word it cuts: "[fox]" reads better than
   * "f[o]x" vs "f[i]x". The text before the region is common to both strings.
   */
  private static int widenStart(String a, String b, int prefix, int suffix) {
    boolean cutsWord =
        startsWithWordChar(a, prefix, a.length() - suffix)
            || startsWithWordChar(b, prefix, b.length() - suffix);
    int start = prefix;
    while (cutsWord && start > 0 && isWordChar(a.charAt(start - 1))) {
      if (prefix - --start > MAX_WORD_WIDENING) {
        return prefix;
      }
    }
    return start;
  }

  /** Shrinks the common tail to the end of the word the region cuts; see {@link #widenStart}. */
  private static int widenTail(String a, String b, int start, int suffix) {
    boolean cutsWord =
        endsWithWordChar(a, start, a.length() - suffix)
            || endsWithWordChar(b, start, b.length() - suffix);
    int tail = suffix;
    while (cutsWord && tail > 0 && isWordChar(a.charAt(a.length() - tail))) {
      if (suffix - --tail > MAX_WORD_WIDENING) {
        return suffix;
      }
    }
    return tail;
  }

  /** Where the context before {@code start} begins: at a word, unless that leaves none. */
  private static int contextStart(String s, int start) {
    int from = safeCut(s, Math.max(0, start - CONTEXT_CHARS));
    int atWord = from;
    while (atWord > 0 && atWord < start && !Character.isWhitespace(s.charAt(atWord - 1))) {
      atWord++;
    }
    return atWord < start ? atWord : from;
  }

  /** Where the context after {@code end} ends: after a word, unless that leaves none. */
  private static int contextEnd(String s, int end) {
    int to = safeCut(s, Math.min(s.length(), end + CONTEXT_CHARS));
    int atWord = to;
    while (atWord < s.length() && atWord > end && !Character.isWhitespace(s.charAt(atWord))) {
      atWord--;
    }
    return atWord > end ? atWord : to;
  }

  private static String excerpt(
      String lead, String before, String region, String after, String trail) {
    String shown = truncate(region, MAX_REGION_CHARS);
    return "\"" + lead + escape(before) + "[" + escape(shown) + "]" + escape(after) + trail + "\"";
  }

  /**
   * Shortens a long line of a unified diff, keeping the window around its first difference from
   * {@code other} (the line it replaced or was replaced by), and the line's beginning (the
   * indentation and key) when that is short.
   */
  static String shortenAround(String line, String other, int max) {
    if (line.length() <= max) {
      return line;
    }
    // Both lines start with a diff marker ("-", "+" or " "): compare what follows it.
    int prefix = other.isEmpty() ? 1 : 1 + commonPrefix(line.substring(1), other.substring(1));
    int head = headLength(line);
    if (prefix <= head + CONTEXT_CHARS) {
      return truncate(line, max);
    }
    int from = safeCut(line, prefix - CONTEXT_CHARS);
    // Start at a word when one begins soon enough, rather than in the middle of one.
    int atWord = from;
    while (atWord < prefix && !Character.isWhitespace(line.charAt(atWord - 1))) {
      atWord++;
    }
    if (atWord < prefix) {
      from = atWord;
    }
    String start = line.substring(0, head) + ELLIPSIS;
    return start + truncate(line.substring(from), max - start.length());
  }

  /** The length of a pretty line's indentation, marker and {@code "key": } part, if short. */
  private static int headLength(String line) {
    int colon = line.indexOf("\": ");
    if (colon >= 0 && colon < 40) {
      // Keep the opening quote of a string value too: "key": "…
      return line.startsWith("\"", colon + 3) ? colon + 4 : colon + 3;
    }
    int i = 1; // the diff marker
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return Math.min(i, line.length());
  }

  static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return safeCut(a, i);
  }

  /** The common suffix length, not overlapping the first {@code prefix} characters. */
  private static int commonSuffix(String a, String b, int prefix) {
    int max = Math.min(a.length(), b.length()) - prefix;
    int i = 0;
    while (i < max && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
      i++;
    }
    // Never start the suffix on a low surrogate: keep the pair together in the region.
    while (i > 0 && Character.isLowSurrogate(a.charAt(a.length() - i))) {
      i--;
    }
    return i;
  }

  /** Moves a cut index back so that it never splits a surrogate pair. */
  private static int safeCut(String s, int index) {
    if (index > 0 && index < s.length() && Character.isLowSurrogate(s.charAt(index))) {
      return index - 1;
    }
    return index;
  }

  private static boolean startsWithWordChar(String s, int from, int to) {
    return from < to && isWordChar(s.charAt(from));
  }

  private static boolean endsWithWordChar(String s, int from, int to) {
    return from < to && isWordChar(s.charAt(to - 1));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static void write(JsonNode node, StringBuilder out, String indent, int depth) {
    if (node == null || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      writeObject(node, out, indent, depth);
    } else if (node.isArray()) {
      writeArray(node, out, indent, depth);
    } else if (node.isTextual()) {
      out.append(quote(node.textValue()));
    } else {
      out.append(Json.compact(node));
    }
  }

  private static void writeObject(JsonNode node, StringBuilder out, String indent, int depth) {
    if (node.isEmpty()) {
      out.append("{}");
      return;
    }
    List<Map.Entry<String, JsonNode>> fields = sortedFields(node);
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      newline(out, indent, depth + 1);
      out.append(quote(fields.get(i).getKey())).append(indent == null ? ":" : ": ");
      write(fields.get(i).getValue(), out, indent, depth + 1);
    }
    newline(out, indent, depth);
    out.append('}');
  }

  private static void writeArray(JsonNode node, StringBuilder out, String indent, int depth) {
    if (node.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    for (int i = 0; i < node.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      newline(out, indent, depth + 1);
      write(node.get(i), out, indent, depth + 1);
    }
    newline(out, indent, depth);
    out.append(']');
  }

  private static void newline(StringBuilder out, String indent, int depth) {
    if (indent != null) {
      out.append('\n');
      out.append(indent.repeat(depth));
    }
  }

  /** An object's fields sorted by key, comparing code points as Python's sort_keys does. */
  static List<Map.Entry<String, JsonNode>> sortedFields(JsonNode node) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
    fields.sort((x, y) -> compareCodePoints(x.getKey(), y.getKey()));
    return fields;
  }

  /** Orders strings by Unicode code point (String.compareTo orders by UTF-16 unit). */
  static int compareCodePoints(String x, String y) {
    int i = 0;
    int j = 0;
    while (i < x.length() && j < y.length()) {
      int cx = x.codePointAt(i);
      int cy = y.codePointAt(j);
      if (cx != cy) {
        return Integer.compare(cx, cy);
      }
      i += Character.charCount(cx);
      j += Character.charCount(cy);
    }
    return Integer.compare(x.length() - i, y.length() - j);
  }
}
