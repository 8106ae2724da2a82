package dev.llmreplay.internal.key;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest digits that read back as the same double (the nearest
 * such digits when several are equally short), plain notation when {@code 1e-4 <= |x| < 1e16},
 * exponent notation otherwise.
 *
 * <p>Java 17's {@link Double#toString} does not always give the shortest digits (it gives 17 or 18
 * where Python has 15 or 16 for thousands of doubles), so the digits come from, in order: an
 * integral value as a long; a short decimal found with double arithmetic ({@link
 * #fromShortDecimal}); {@link Double#toString} where it is provably shortest ({@link
 * #fromJavaToString}); else a search over exactly rounded decimals ({@link #shortestExact}).
 * Checked against CPython on 1.3 million doubles of every kind.
 */
final class PythonFloat {
  /** 10^16: from here on Python switches to exponent notation. */
  private static final double PLAIN_LIMIT = 1e16;

  /** Powers of ten that are exact doubles. */
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /** The first integer with 16 digits. */
  private static final double MAX_15_DIGITS = 1e15;

  /** Digits kept of an exact value while searching; well beyond the 17 ever needed. */
  private static final int STICKY_PRECISION = 25;

  private PythonFloat() {}

  /** Python's {@code repr(d)} (as {@code json.dumps} writes it: {@code Infinity}, not inf). */
  static String repr(double d) {
    StringBuilder out = new StringBuilder(24);
    appendTo(out, d, true);
    return out.toString();
  }

  /** {@link #repr} by the full exact search alone, without shortcuts; to test the shortcuts. */
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
    Digits digits = null;
    if (shortcuts) {
      digits = fromShortDecimal(abs);
      if (digits == null) {
        digits = fromJavaToString(abs);
      }
    }
    if (digits == null) {
      // For a normal double at most one decimal of <= 15 digits reads back as it (see
      // fromJavaToString), and if there is one it is the 15-digit rounding down or up, trailing
      // zeros dropped: so the search can start at 15 digits.
      digits = shortestExact(abs, shortcuts && abs >= Double.MIN_NORMAL ? 15 : 1);
    }
    digits.appendTo(out);
  }

  /**
   * The fast path for what request bodies hold (0.7, 0.95, 1e-05): finds a decimal {@code m / 10^k}
   * with at most 15 significant digits that reads back as the double, using only double arithmetic.
   * The division is exact-then-rounded (m and 10^k are exact doubles), so it is what parsing the
   * decimal gives. Such a decimal is the unique shortest one (see {@link #fromJavaToString}); if a
   * rounding slip in {@code abs * 10^k} hides it at its own k, it shows at a larger k with trailing
   * zeros, which are dropped. Null when none is found.
   */
  private static Digits fromShortDecimal(double abs) {
    if (abs < Double.MIN_NORMAL) {
      return null;
    }
    for (int k = 0; k < POW10.length; k++) {
      double scaled = abs * POW10[k];
      if (scaled >= MAX_15_DIGITS) {
        return null;
      }
      double m = Math.rint(scaled);
      if (m != 0 && m / POW10[k] == abs) {
        long digits = (long) m;
        int fractionDigits = k;
        while (digits % 10 == 0) {
          digits /= 10;
          fractionDigits--;
        }
        String text = Long.toString(digits);
        return new Digits(text, text.length() - 1 - fractionDigits);
      }
    }
    return null;
  }

  /**
   * The digits of {@link Double#toString} when they are provably the shortest: for a normal double,
   * at most one decimal of 15 or fewer significant digits reads back as it (decimals of that length
   * are spaced wider than a double's rounding interval), so a round-tripping string of at most 15
   * digits is the unique shortest one. Null when that argument does not apply.
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
   * Searches the shortest round-tripping digits from the exact binary value: for each length, the
   * nearest decimal first, then the neighbour on the other side (near a power of two the rounding
   * interval is lopsided, so the nearest may miss while the other one reads back).
   */
  private static Digits shortestExact(double abs, int minDigits) {
    BigDecimal exact = stickyDigits(new BigDecimal(abs));
    for (int p = minDigits; p <= 17; p++) {
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

  /**
   * A short stand-in for a long exact value (a tiny double has hundreds of digits, and rounding
   * those again and again is slow): the first {@value #STICKY_PRECISION} digits, plus a final 1 if
   * anything non-zero was cut off. Rounding it to 17 digits or fewer, in any mode, gives what
   * rounding the exact value gives, and it lies on the same side of every such rounding.
   */
  private static BigDecimal stickyDigits(BigDecimal exact) {
    if (exact.precision() <= STICKY_PRECISION) {
      return exact;
    }
    BigDecimal truncated = exact.round(new MathContext(STICKY_PRECISION, RoundingMode.DOWN));
    if (truncated.compareTo(exact) == 0) {
      return truncated;
    }
    return truncated.add(BigDecimal.ONE.scaleByPowerOfTen(-(truncated.scale() + 1)));
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
