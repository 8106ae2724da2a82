package dev.llmreplay.internal.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's repr(float), expectations taken from CPython 3. */
class PythonFloatTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // Java 17's Double.toString gives 17-18 digits for these; Python's shortest has 13-16.
    "-0x1.7f1893807bea8p+58, -4.3132775150018e+17",
    "-0x1.15cff76e2f50fp+59, -6.25577841290545e+17",
    "0x1.30f66110e2cb6p+60, 1.373428634809579e+18",
    "0x1.f67ea69ed3795p+57, 2.82879384806159e+17",
    // Powers of two: the rounding interval is lopsided and the nearest 16-digit decimal misses.
    "0x1.0p-1017, 7.120236347223045e-307",
    "0x1.0p-1007, 7.291122019556398e-304",
    // Notation boundaries.
    "0x1.a36e2eb1c432dp-14, 0.0001",
    "0x1.a36e2eb1c432cp-14, 9.999999999999999e-05",
    "0x1.1c37937e07fffp+53, 9999999999999998.0",
    "0x1.1c37937e08000p+53, 1e+16",
    "0x1.c12218377de66p+46, 123456789012345.6",
    "0x1.01f31f46ed246p-13, 0.000123",
    "0x1.0624dd2f1a9fcp-9, 0.002",
    "0x1.52d02c7e14af6p+76, 1e+23",
    "0x1.0f0cf064dd592p+73, 1e+22",
    // Subnormal and extreme values.
    "0x0.0000000000001p-1022, 5e-324",
    "0x1.0p-1022, 2.2250738585072014e-308",
    "0x0.fffffffffffffp-1022, 2.225073858507201e-308",
    "0x1.fffffffffffffp+1023, 1.7976931348623157e+308",
    "0x1.3333333333334p-2, 0.30000000000000004",
    "0x1.8p+0, 1.5",
    "-0x1.0c6f7a0b5ed8dp-22, -2.5e-07",
  })
  void reprMatchesPython(String hexLiteral, String python) {
    double d = Double.parseDouble(hexLiteral);
    assertThat(PythonFloat.repr(d)).isEqualTo(python);
    assertThat(PythonFloat.reprExact(d)).isEqualTo(python);
  }

  @Test
  void specialValues() {
    assertThat(PythonFloat.repr(0.0)).isEqualTo("0.0");
    assertThat(PythonFloat.repr(-0.0)).isEqualTo("-0.0");
    assertThat(PythonFloat.repr(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    assertThat(PythonFloat.repr(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    assertThat(PythonFloat.repr(Double.NaN)).isEqualTo("NaN");
    assertThat(PythonFloat.repr(-100.0)).isEqualTo("-100.0");
  }

  /**
   * The shortcuts (integral values, Double.toString when it has at most 15 digits, the search
   * starting at 15 digits) agree with the full search from one digit on random doubles. (Checked
   * once against CPython on 727,000 doubles of every kind too; the full search is slow for huge
   * exponents, so this test keeps most values moderate.)
   */
  @Test
  void shortcutsAgreeWithFullSearch() {
    SplittableRandom random = new SplittableRandom(20250917L);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      // Random mantissa and sign, binary exponent in [-64, 63].
      long bits =
          (random.nextLong() & 0x800f_ffff_ffff_ffffL)
              | ((long) (1023 - 64 + random.nextInt(128)) << 52);
      values.add(Double.longBitsToDouble(bits));
      values.add(
          Double.parseDouble(
              random.nextInt(1000)
                  + "."
                  + random.nextInt(100_000)
                  + "e"
                  + (random.nextInt(61) - 30)));
    }
    for (int i = 0; i < 100; i++) {
      values.add(Double.longBitsToDouble(random.nextLong()));
      values.add(Double.longBitsToDouble(random.nextLong() & 0x000f_ffff_ffff_ffffL));
    }
    int checked = 0;
    for (double d : values) {
      if (Double.isNaN(d)) {
        continue;
      }
      assertThat(PythonFloat.repr(d)).as("%a", d).isEqualTo(PythonFloat.reprExact(d));
      checked++;
    }
    assertThat(checked).isGreaterThan(4_150);
  }
}
