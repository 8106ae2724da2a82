package dev.llmreplay.internal.cli;

import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.replay.Replayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The keying options shared by the commands that compute request keys. They become the same
 * settings the interceptor is built from, so the command line keys exactly as tests and the server
 * do (including the redactor's default query parameters).
 */
final class KeyOptions {
  @Option(
      names = "--ignore-field",
      paramLabel = "POINTER",
      description =
          "Leave this body field (a JSON pointer such as /user) out of the request key, as the "
              + "interceptor's ignoreBodyFields does. Repeatable.")
  List<String> ignoredFields = new ArrayList<>();

  /** Settings over {@code dir} with these key rules. */
  ReplaySettings.Builder settings(Path dir) {
    ReplaySettings.Builder b = ReplaySettings.builder().recordings(dir);
    try {
      return b.ignoreBodyFields(ignoredFields);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  /** The record/replay facade over {@code dir} (its fixture index, its keys). */
  Replayer replayer(Path dir) {
    return Access.replayer(settings(dir).build());
  }
}
