package dev.llmreplay;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast a replayed stream is delivered. Events always arrive one by one; pacing only decides the
 * gaps between them.
 *
 * <ul>
 *   <li>{@link #NONE}: as fast as the client reads (the default).
 *   <li>{@link #RECORDED}: with the gaps recorded on the wire; {@link #recorded(double)} scales
 *       them (0.5 = twice as fast).
 *   <li>{@link #fixed(Duration)}: the same gap before every event after the first.
 * </ul>
 */
public final class Pacing {
  /** No delays. */
  public static final Pacing NONE = new Pacing(Kind.NONE, 0, Duration.ZERO);

  /** The recorded gaps, unscaled. */
  public static final Pacing RECORDED = new Pacing(Kind.RECORDED, 1.0, Duration.ZERO);

  private enum Kind {
    NONE,
    RECORDED,
    FIXED
  }

  private final Kind kind;
  private final double scale;
  private final Duration gap;

  private Pacing(Kind kind, double scale, Duration gap) {
    this.kind = kind;
    this.scale = scale;
    this.gap = gap;
  }

  /** The recorded gaps multiplied by {@code scale} (must be ≥ 0). */
  public static Pacing recorded(double scale) {
    if (!(scale >= 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("pacing scale must be a finite number >= 0: " + scale);
    }
    return new Pacing(Kind.RECORDED, scale, Duration.ZERO);
  }

  /** A fixed gap before every event after the first. */
  public static Pacing fixed(Duration gap) {
    Objects.requireNonNull(gap, "gap");
    if (gap.isNegative()) throw new IllegalArgumentException("pacing gap must be >= 0: " + gap);
    return new Pacing(Kind.FIXED, 1.0, gap);
  }

  /**
   * Parses {@code none}, {@code recorded}, {@code recorded:0.5} or {@code fixed:20ms} (units ms or
   * s), as used by system properties and the command line.
   */
  public static Pacing parse(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.equals("none")) return NONE;
      if (v.equals("recorded")) return RECORDED;
      if (v.startsWith("recorded:")) return recorded(Double.parseDouble(v.substring(9)));
      if (v.startsWith("fixed:")) {
        String d = v.substring(6);
        if (d.endsWith("ms"))
          return fixed(Duration.ofMillis(Long.parseLong(d.substring(0, d.length() - 2))));
        if (d.endsWith("s"))
          return fixed(
              Duration.ofMillis(
                  Math.round(Double.parseDouble(d.substring(0, d.length() - 1)) * 1000)));
      }
    } catch (NumberFormatException e) {
      // fall through to the message naming the valid forms
    }
    throw new IllegalArgumentException(
        "unknown pacing '" + value + "': use none, recorded, recorded:<scale> or fixed:<n>ms");
  }

  /**
   * When event {@code index} (0-based) is due, in milliseconds after the replay started, given its
   * recorded offset.
   */
  public long dueMillis(int index, long recordedMillis) {
    switch (kind) {
      case RECORDED:
        return Math.round(recordedMillis * scale);
      case FIXED:
        return gap.toMillis() * index;
      default:
        return 0;
    }
  }

  /** True when no event ever waits. */
  public boolean isNone() {
    return kind == Kind.NONE
        || (kind == Kind.FIXED && gap.isZero())
        || (kind == Kind.RECORDED && scale == 0);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Pacing)) return false;
    Pacing p = (Pacing) o;
    return kind == p.kind && scale == p.scale && gap.equals(p.gap);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, scale, gap);
  }

  @Override
  public String toString() {
    switch (kind) {
      case RECORDED:
        return scale == 1.0 ? "recorded" : "recorded:" + scale;
      case FIXED:
        return "fixed:" + gap.toMillis() + "ms";
      default:
        return "none";
    }
  }
}
