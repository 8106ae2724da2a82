package dev.llmreplay.internal.match;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A fixture file that could not be read, with where and why: a miss report lists these because one
 * of them may be the recording the request was meant to match.
 *
 * @param file the file as shown, such as {@code recordings/3f9a1c2b4d5e.json}
 * @param line 1-based line of the error, or 0 when unknown
 * @param column 1-based column of the error, or 0 when unknown
 * @param message what went wrong, on one line
 */
public record UnreadableFixture(String file, int line, int column, String message) {
  public UnreadableFixture {
    Objects.requireNonNull(file, "file");
    line = Math.max(0, line);
    column = Math.max(0, column);
    message = oneLine(message);
  }

  /**
   * A file that failed at a known place.
   *
   * @param file the file as it should be shown, such as {@code recordings/3f9a1c2b4d5e.json}
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param message what went wrong, on one line
   */
  public static UnreadableFixture of(String file, int line, int column, String message) {
    return new UnreadableFixture(file, line, column, message);
  }

  /**
   * A file that failed to read or parse; the line, column and message come from Jackson's exception
   * when it is one (without the source excerpt Jackson appends).
   */
  public static UnreadableFixture of(Path file, Exception error) {
    String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    int line = 0;
    int column = 0;
    if (error instanceof JacksonException) {
      JacksonException e = (JacksonException) error;
      message = e.getOriginalMessage();
      JsonLocation at = e.getLocation();
      if (at != null) {
        line = at.getLineNr();
        column = at.getColumnNr();
      }
    }
    return of(file.toString(), line, column, message);
  }

  /** {@code file:line:column: message}, as compilers write it, so IDEs link to the place. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(file);
    if (line > 0) {
      s.append(':').append(line);
      if (column > 0) {
        s.append(':').append(column);
      }
    }
    return s.append(": ").append(message).toString();
  }

  private static String oneLine(String message) {
    return Objects.requireNonNull(message, "message").strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
