package dev.llmreplay.internal.cli;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * One problem {@code verify} found in a fixture file.
 *
 * @param line 1-based, or -1 when unknown
 * @param column 1-based, or -1 when unknown
 * @param details extra fields for the JSON output (e.g. {@code other_file}, {@code pointer})
 */
record Finding(
    Kind kind, String file, int line, int column, String message, Map<String, String> details) {
  /** What kind of problem; {@link #id} is the name used in output and in JSON. */
  enum Kind {
    PARSE_ERROR("parse-error"),
    DUPLICATE_KEY("duplicate-key"),
    MISNAMED("misnamed"),
    INCOMPLETE_STREAM("incomplete-stream"),
    SECRET("secret"),
    TOO_OLD("too-old"),
    /** Not a problem: a stream recorded failing on purpose ({@code recordFailures}). */
    RECORDED_FAILURE("recorded-failure", false);

    final String id;
    final boolean problem;

    Kind(String id) {
      this(id, true);
    }

    Kind(String id, boolean problem) {
      this.id = id;
      this.problem = problem;
    }
  }

  static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::file)
          .thenComparingInt(Finding::line)
          .thenComparingInt(Finding::column)
          .thenComparing(Finding::kind)
          .thenComparing(Finding::message);

  Finding {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(file);
    Objects.requireNonNull(message);
    details = Map.copyOf(details);
  }

  static Finding of(Kind kind, String file, String message) {
    return new Finding(kind, file, -1, -1, message, Map.of());
  }

  /** {@code file:line:column: kind: message}, as compilers print it. */
  @Override
  public String toString() {
    return Main.location(file, line, column) + ": " + kind.id + ": " + message;
  }
}
