package dev.llmreplay.internal.cli;

import java.io.PrintWriter;

/**
 * A one-line "what n/total" counter on stderr, redrawn in place at most ten times a second. Drawn
 * only on a terminal; when output is piped or captured it prints nothing at all.
 */
final class Progress implements AutoCloseable {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final String what;
  private final int total;
  private int done;
  private long lastDraw;
  private int drawnWidth;

  private Progress(PrintWriter err, boolean enabled, String what, int total) {
    this.err = err;
    this.enabled = enabled;
    this.what = what;
    this.total = total;
    this.lastDraw = System.nanoTime();
  }

  /** A counter; silent unless {@code terminal}. */
  static Progress start(PrintWriter err, boolean terminal, String what, int total) {
    return new Progress(err, terminal, what, total);
  }

  /** Counts one item done. */
  void step() {
    done++;
    if (!enabled) return;
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS && done < total) return;
    lastDraw = now;
    String line = what + " " + done + "/" + total;
    err.print("\r" + line);
    err.flush();
    drawnWidth = Math.max(drawnWidth, line.length());
  }

  /** Erases the counter line, if one was drawn. */
  @Override
  public void close() {
    if (drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
      drawnWidth = 0;
    }
  }
}
