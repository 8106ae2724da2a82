package dev.llmreplay.internal.key;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/**
 * Writes a JSON tree exactly as Python's {@code json.dumps(value, sort_keys=True)} does, so that
 * request keys computed here equal those computed by Python tools such as llama-stack.
 *
 * <p>Rules: separators {@code ", "} and {@code ": "}; object keys sorted by Unicode code point;
 * every character outside printable ASCII escaped as lower-case {@code \}{@code uXXXX} (astral
 * characters as surrogate pairs); integers exact at any size; floating-point numbers as Python's
 * {@code repr(float)} ({@code 1e-05}, {@code 100.0}, {@code -0.0}, {@code Infinity}).
 *
 * <p>Number nodes: integral nodes (int, long, BigInteger) are written as integers; double nodes as
 * Python floats; float nodes as the double their decimal text reads as (what a JSON round trip
 * would give); BigDecimal nodes as the float of their {@code doubleValue()}.
 */
public final class PythonJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Python's sort order for {@code str}: by code point. Java's {@link String#compareTo} compares
   * UTF-16 units, which differs only where a surrogate meets a character in U+E000..U+FFFF, so only
   * that case takes the slower path.
   */
  private static final Comparator<String> CODE_POINT_ORDER = PythonJson::compareCodePoints;

  private static final Comparator<Map.Entry<String, JsonNode>> BY_KEY =
      (a, b) -> compareCodePoints(a.getKey(), b.getKey());

  private PythonJson() {}

  /** Python's {@code json.dumps(node, sort_keys=True)} text. */
  public static String dumps(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    write(out, node);
    return out.toString();
  }

  /** Appends Python's {@code json.dumps(node, sort_keys=True)} text to {@code out}. */
  public static void dumpsTo(StringBuilder out, JsonNode node) {
    write(out, node);
  }

  /** The comparator Python's {@code sort_keys=True} orders object keys with (code points). */
  public static Comparator<String> keyOrder() {
    return CODE_POINT_ORDER;
  }

  private static void write(StringBuilder out, JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        writeObject(out, node);
        break;
      case ARRAY:
        writeArray(out, node);
        break;
      case STRING:
        writeString(out, node.textValue());
        break;
      case NUMBER:
        writeNumber(out, node);
        break;
      case BOOLEAN:
        out.append(node.booleanValue() ? "true" : "false");
        break;
      case NULL:
        out.append("null");
        break;
      case BINARY:
        // Jackson writes binary as base64 text; keying it the same way keeps a round trip stable.
        writeString(out, node.asText());
        break;
      default:
        throw new IllegalArgumentException(
            "Cannot write a " + node.getNodeType() + " node as Python JSON");
    }
  }

  private static void writeObject(StringBuilder out, JsonNode node) {
    int size = node.size();
    if (size == 0) {
      out.append("{}");
      return;
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, JsonNode>[] entries = node.properties().toArray(new Map.Entry[size]);
    if (size > 1) {
      Arrays.sort(entries, BY_KEY);
    }
    out.append('{');
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        out.append(", ");
      }
      writeString(out, entries[i].getKey());
      out.append(": ");
      write(out, entries[i].getValue());
    }
    out.append('}');
  }

  private static void writeArray(StringBuilder out, JsonNode node) {
    int size = node.size();
    out.append('[');
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        out.append(", ");
      }
      write(out, node.get(i));
    }
    out.append(']');
  }

  private static void writeNumber(StringBuilder out, JsonNode node) {
    switch (node.numberType()) {
      case INT:
        out.append(node.intValue());
        break;
      case LONG:
        out.append(node.longValue());
        break;
      case BIG_INTEGER:
        out.append(node.bigIntegerValue().toString());
        break;
      case FLOAT:
        // A float node is written by Jackson as Float.toString and read back as that double.
        PythonFloat.appendTo(out, Double.parseDouble(Float.toString(node.floatValue())));
        break;
      case DOUBLE:
      case BIG_DECIMAL:
      default:
        PythonFloat.appendTo(out, node.doubleValue());
        break;
    }
  }

  /** A JSON string with Python's {@code ensure_ascii=True} escaping. */
  private static void writeString(StringBuilder out, String s) {
    int n = s.length();
    int i = 0;
    while (i < n && isPlain(s.charAt(i))) {
      i++;
    }
    out.append('"');
    if (i == n) {
      // The common case: appending a whole String is a block copy (a range is copied per char).
      out.append(s).append('"');
      return;
    }
    out.append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (isPlain(c)) {
        out.append(c);
        continue;
      }
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          out.append('\\')
              .append('u')
              .append(HEX[(c >> 12) & 0xF])
              .append(HEX[(c >> 8) & 0xF])
              .append(HEX[(c >> 4) & 0xF])
              .append(HEX[c & 0xF]);
          break;
      }
    }
    out.append('"');
  }

  /** Printable ASCII other than the quote and the backslash: written as it is. */
  private static boolean isPlain(char c) {
    return c >= ' ' && c <= '~' && c != '"' && c != '\\';
  }

  private static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca == cb) {
        continue;
      }
      if (ca < Character.MIN_SURROGATE || cb < Character.MIN_SURROGATE) {
        // Below the surrogates UTF-16 order is code point order (and a lone surrogate or a pair
        // on the other side is a larger code point either way).
        return ca - cb;
      }
      // A low surrogate here may complete a pair that started one unit earlier (same in both).
      int j = i;
      if (j > 0
          && Character.isHighSurrogate(a.charAt(j - 1))
          && (Character.isLowSurrogate(ca) || Character.isLowSurrogate(cb))) {
        j--;
      }
      return Integer.compare(a.codePointAt(j), b.codePointAt(j));
    }
    return a.length() - b.length();
  }
}
