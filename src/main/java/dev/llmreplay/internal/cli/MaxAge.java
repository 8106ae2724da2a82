package dev.llmreplay.internal.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses ages such as {@code 30d}, {@code 12h}, {@code 90m}, {@code 2w} or ISO {@code P30D}. */
final class MaxAge implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(w|d|h|m|s)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(v);
    Duration d = null;
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "w":
            d = Duration.ofDays(Math.multiplyExact(7, n));
            break;
          case "d":
            d = Duration.ofDays(n);
            break;
          case "h":
            d = Duration.ofHours(n);
            break;
          case "m":
            d = Duration.ofMinutes(n);
            break;
          default:
            d = Duration.ofSeconds(n);
        }
      } else if (v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      d = null;
    }
    if (d == null || d.isZero() || d.isNegative()) {
      throw new TypeConversionException(
          "'" + value + "' is not an age: use e.g. 30d, 12h, 90m, 2w or P30D");
    }
    return d;
  }
}
