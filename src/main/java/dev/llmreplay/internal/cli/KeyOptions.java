package dev.llmreplay.internal.cli;

import dev.llmreplay.KeyRules;
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
    return settings(dir, KeyRules.defaults());
  }

  /** Settings over {@code dir} with {@code base} plus these options. */
  ReplaySettings.Builder settings(Path dir, KeyRules base) {
    ReplaySettings.Builder b = ReplaySettings.builder().recordings(dir).keyRules(base);
    try {
      return b.ignoreBodyFields(ignoredFields);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  /** The record/replay facade over {@code dir} (its fixture index, its keys). */
  Replayer replayer(Path dir) {
    return replayer(dir, KeyRules.defaults());
  }

  /** The facade over {@code dir} with {@code base} plus these options. */
  Replayer replayer(Path dir, KeyRules base) {
    return Access.replayer(settings(dir, base).build());
  }
}
