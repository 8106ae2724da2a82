package dev.llmreplay.key;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest digits that read back as the same double (the
 * nearest such digits when several are equally short), plain notation when {@code 1e-4 <= |x| <
 * 1e16}, exponent notation otherwise.
 *
 * <p>Java 17's {@link Double#toString} does not always give the shortest digits, so it is trusted
 * only where it provably does (see {@link #appendTo}); the rest is searched with exact decimals.
 */
final class PythonFloat {
  /** 10^16: from here on Python switches to exponent notation. */
  private static final double PLAIN_LIMIT = 1e16;

  private PythonFloat() {}

  /** Python's {@code repr(d)} (as {@code json.dumps} writes it: {@code Infinity}, not inf). */
  static String repr(double d) {
    StringBuilder out = new StringBuilder(24);
    appendTo(out, d, true);
    return out.toString();
  }

  /** {@link #repr} without the {@link Double#toString} shortcuts; for tests of the shortcuts. */
  static String reprExact(double d) {
    StringBuilder out = new StringBuilder(24);
    appendTo(out, d, false);
    return out.toString();
  }

  /** Appends {@code repr(d)} as Python writes it in {@code json.dumps}. */
  static void appendTo(StringBuilder out, double d) {
    appendTo(out, d, true);
  }

  private static void appendTo(StringBuilder out, double d, boolean shortcuts) {
    if (Double.isNaN(d)) {
      out.append("NaN");
      return;
    }
    if (Double.isInfinite(d)) {
      out.append(d > 0 ? "Infinity" : "-Infinity");
      return;
    }
    if (d == 0) {
      out.append(Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0");
      return;
    }
    double abs = Math.abs(d);
    if (d < 0) {
      out.append('-');
    }
    // Common case (token counts, 1.0, 100.0): an integral value in plain range is exact as a long.
    if (shortcuts && abs < PLAIN_LIMIT && abs == Math.rint(abs)) {
      out.append((long) abs).append(".0");
      return;
    }
    Digits digits = shortcuts ? fromJavaToString(abs) : null;
    if (digits == null) {
      digits = shortestExact(abs);
    }
    digits.appendTo(out);
  }

  /**
   * The digits of {@link Double#toString} when they are provably the shortest: for a normal
   * double, at most one decimal of 15 or fewer significant digits reads back as it (decimals of
   * that length are spaced wider than a double's rounding interval), so a round-tripping string
   * of at most 15 digits is the unique shortest one. Null when that argument does not apply.
   */
  private static Digits fromJavaToString(double abs) {
    if (abs < Double.MIN_NORMAL) {
      return null;
    }
    String s = Double.toString(abs);
    // Forms: "123.456", "0.00123", "1.2345E-5", "1.0E20".
    int ePos = s.indexOf('E');
    int end = ePos < 0 ? s.length() : ePos;
    int exp10 = ePos < 0 ? 0 : Integer.parseInt(s, ePos + 1, s.length(), 10);
    char[] digits = new char[end];
    int count = 0;
    int pointIndex = -1;
    int firstNonZero = -1;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        pointIndex = count;
        continue;
      }
      if (firstNonZero < 0) {
        if (c == '0') {
          count++;
          continue;
        }
        firstNonZero = count;
      }
      digits[count++] = c;
    }
    int last = count - 1;
    while (last > firstNonZero && digits[last] == '0') {
      last--;
    }
    int significant = last - firstNonZero + 1;
    if (significant > 15) {
      return null;
    }
    // Value = 0.d[0..count) * 10^(pointIndex + exp10); scientific exponent of the first non-zero.
    int sciExp = pointIndex - firstNonZero - 1 + exp10;
    return new Digits(new String(digits, firstNonZero, significant), sciExp);
  }

  /**
   * Searches the shortest round-tripping digits from the exact binary value: for each length,
   * the nearest decimal first, then the neighbour on the other side (near a power of two the
   * rounding interval is lopsided, so the nearest may miss while the other one reads back).
   */
  private static Digits shortestExact(double abs) {
    BigDecimal exact = new BigDecimal(abs);
    for (int p = 1; p <= 17; p++) {
      BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (nearest.doubleValue() == abs) {
        return Digits.of(nearest);
      }
      RoundingMode otherSide =
          nearest.compareTo(exact) > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING;
      BigDecimal other = exact.round(new MathContext(p, otherSide));
      if (other.doubleValue() == abs) {
        return Digits.of(other);
      }
    }
    throw new AssertionError("17 significant digits always round-trip: " + abs);
  }

  /** Significant digits (no trailing zeros) and the power of ten of the first one. */
  private static final class Digits {
    final String digits;
    final int sciExp;

    Digits(String digits, int sciExp) {
      this.digits = digits;
      this.sciExp = sciExp;
    }

    static Digits of(BigDecimal value) {
      BigDecimal stripped = value.stripTrailingZeros();
      String unscaled = stripped.unscaledValue().toString();
      return new Digits(unscaled, unscaled.length() - 1 - stripped.scale());
    }

    void appendTo(StringBuilder out) {
      int n = digits.length();
      if (sciExp >= 16 || sciExp < -4) {
        out.append(digits.charAt(0));
        if (n > 1) {
          out.append('.').append(digits, 1, n);
        }
        out.append('e').append(sciExp < 0 ? '-' : '+');
        int e = Math.abs(sciExp);
        if (e < 10) {
          out.append('0');
        }
        out.append(e);
      } else if (sciExp < 0) {
        out.append("0.");
        for (int i = -1; i > sciExp; i--) {
          out.append('0');
        }
        out.append(digits);
      } else if (n > sciExp + 1) {
        out.append(digits, 0, sciExp + 1).append('.').append(digits, sciExp + 1, n);
      } else {
        out.append(digits);
        for (int i = n; i <= sciExp; i++) {
          out.append('0');
        }
        out.append(".0");
      }
    }
  }
}
