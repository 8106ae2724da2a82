package dev.llmreplay.internal.fault;

/**
 * Durations as a fault spec writes them: a whole number and a unit, {@code ms}, {@code s} or {@code
 * m}.
 */
final class DurationText {
  private DurationText() {}

  /** Milliseconds, or -1 when {@code text} is not a duration. */
  static long parseMillis(String text) {
    int i = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i))) i++;
    if (i == 0 || i > 9) return -1;
    long n = Long.parseLong(text.substring(0, i));
    switch (text.substring(i)) {
      case "ms":
        return n;
      case "s":
        return n * 1000;
      case "m":
        return n * 60_000;
      default:
        return -1;
    }
  }

  /** The shortest exact form: {@code 1m}, {@code 5s}, {@code 250ms}. */
  static String format(long millis) {
    if (millis != 0 && millis % 60_000 == 0) return millis / 60_000 + "m";
    if (millis % 1000 == 0) return millis / 1000 + "s";
    return millis + "ms";
  }
}
