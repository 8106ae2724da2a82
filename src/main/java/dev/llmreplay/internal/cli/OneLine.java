package dev.llmreplay.internal.cli;

import java.util.regex.Pattern;

/** Keeps messages on one line: Jackson quotes the source document (newlines and all). */
final class OneLine {
  private static final Pattern SOURCE =
      Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", Pattern.DOTALL);

  private OneLine() {}

  /** The message with Jackson's quoted source reduced to its line and column, on one line. */
  static String of(String message) {
    if (message == null) return "";
    String s = SOURCE.matcher(message).replaceAll("line $1, column $2");
    return s.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
