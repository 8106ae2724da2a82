package dev.llmreplay.junit;

import dev.llmreplay.key.RequestKey;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a user-controlled string (a class, method or display name) into one safe directory name:
 * ASCII letters, digits, {@code -}, {@code _} and single dots only, never {@code .} or {@code ..},
 * never a separator, never a reserved Windows device name, at most {@value #MAX_LENGTH} characters.
 * The same string always gives the same name.
 */
final class DirectoryName {
  static final int MAX_LENGTH = 64;

  private static final Set<String> RESERVED =
      Set.of(
          "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private DirectoryName() {}

  /** The directory name for {@code raw}. */
  static String of(String raw) {
    StringBuilder sb = new StringBuilder(Math.min(raw.length(), 2 * MAX_LENGTH));
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean keep =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (keep) {
        sb.append(c);
      } else if (c == '.') {
        // Single dots read well in names like "1.5"; runs of dots could spell "..".
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '.') sb.append('.');
      } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') {
        sb.append('_');
      }
    }
    // No leading dot (hidden, "." or "..") or dash (read as an option), no trailing dot or
    // underscore (Windows drops trailing dots; "_" there is only a leftover separator).
    int start = 0;
    while (start < sb.length() && (sb.charAt(start) == '.' || sb.charAt(start) == '-' || sb.charAt(start) == '_')) start++;
    int end = sb.length();
    while (end > start && (sb.charAt(end - 1) == '.' || sb.charAt(end - 1) == '_')) end--;
    String name = sb.substring(start, end);
    if (name.isEmpty()) name = "_";
    String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    if (RESERVED.contains(base.toLowerCase(Locale.ROOT))) name = "_" + name;
    if (name.length() > MAX_LENGTH) {
      // Cut long names but keep them apart: the hash of the whole string tells them from
      // others with the same beginning.
      String hash = RequestKey.sha256Hex(raw.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
      String head = name.substring(0, MAX_LENGTH - 9);
      while (head.endsWith(".") || head.endsWith("_")) head = head.substring(0, head.length() - 1);
      name = head + "-" + hash;
    }
    return name;
  }
}
