package dev.llmreplay.junit;

import dev.llmreplay.internal.key.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a user-controlled string (a class, method or display name) into one safe directory name:
 * ASCII letters, digits, {@code -}, {@code _} and lone dots between them only; so never {@code .}
 * or {@code ..}, never a separator, a leading dot or dash, or a trailing dot; never a reserved
 * Windows device name; at most {@value #MAX_LENGTH} characters. Each run of other characters
 * becomes one {@code _}, so display names that differ only in punctuation or spacing (as JUnit
 * versions render them) give the same name. The same string always gives the same name.
 */
final class DirectoryName {
  static final int MAX_LENGTH = 64;

  /**
   * Windows' reserved device names, whatever the extension: COM and LPT with 0-9 (their superscript
   * forms cannot occur: names are ASCII by then).
   */
  private static final Pattern RESERVED = Pattern.compile("con|prn|aux|nul|com[0-9]|lpt[0-9]");

  private DirectoryName() {}

  /** The directory name for {@code raw}. */
  static String of(String raw) {
    StringBuilder sb = new StringBuilder(Math.min(raw.length(), 2 * MAX_LENGTH));
    int i = 0;
    while (i < raw.length()) {
      if (kept(raw.charAt(i))) {
        sb.append(raw.charAt(i++));
        continue;
      }
      // A run of anything else becomes one "_", except a lone dot between kept characters
      // ("1.5", "v2.json"): so ".." and separators never survive.
      int end = i;
      while (end < raw.length() && !kept(raw.charAt(end))) end++;
      boolean loneDot = end - i == 1 && raw.charAt(i) == '.' && i > 0 && end < raw.length();
      sb.append(loneDot ? '.' : '_');
      i = end;
    }
    // No leading "_", "-" or "." (a leftover separator, read as an option, hidden), no trailing
    // "_".
    int start = 0;
    while (start < sb.length() && "_-.".indexOf(sb.charAt(start)) >= 0) start++;
    int stop = sb.length();
    while (stop > start && sb.charAt(stop - 1) == '_') stop--;
    String name = sb.substring(start, stop);
    if (name.isEmpty()) name = "_";
    String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    if (RESERVED.matcher(base.toLowerCase(Locale.ROOT)).matches()) name = "_" + name;
    if (name.length() > MAX_LENGTH) {
      // Cut long names but keep them apart: the hash of the whole string tells them from
      // others with the same beginning.
      String hash = Sha256.hex(raw.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
      String head = name.substring(0, MAX_LENGTH - 9);
      while (head.endsWith(".") || head.endsWith("_") || head.endsWith("-")) {
        head = head.substring(0, head.length() - 1);
      }
      name = head + "-" + hash;
    }
    return name;
  }

  private static boolean kept(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }
}
