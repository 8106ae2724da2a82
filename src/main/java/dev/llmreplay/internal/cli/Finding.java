package dev.llmreplay.internal.cli;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/** One problem {@code verify} found in a fixture file. */
final class Finding {
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
      Comparator.comparing((Finding f) -> f.file)
          .thenComparingInt(f -> f.line)
          .thenComparingInt(f -> f.column)
          .thenComparing(f -> f.kind)
          .thenComparing(f -> f.message);

  final Kind kind;
  final String file;
  final int line;
  final int column;
  final String message;

  /** Extra fields for the JSON output (e.g. {@code other_file}, {@code pointer}). */
  final Map<String, String> details;

  Finding(
      Kind kind, String file, int line, int column, String message, Map<String, String> details) {
    this.kind = Objects.requireNonNull(kind);
    this.file = Objects.requireNonNull(file);
    this.line = line;
    this.column = column;
    this.message = Objects.requireNonNull(message);
    this.details = Map.copyOf(details);
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
