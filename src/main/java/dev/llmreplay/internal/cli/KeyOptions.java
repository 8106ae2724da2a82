package dev.llmreplay.internal.cli;

import dev.llmreplay.KeyRules;
import dev.llmreplay.RecordReplayInterceptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The keying options shared by the commands that compute request keys. The interceptor's own
 * builder turns them into key rules, so the command line keys exactly as tests and the server do
 * (including the redactor's default query parameters).
 */
final class KeyOptions {
  @Option(
      names = "--ignore-field",
      paramLabel = "POINTER",
      description =
          "Leave this body field (a JSON pointer such as /user) out of the request key, as the "
              + "interceptor's ignoreBodyFields does. Repeatable.")
  List<String> ignoredFields = new ArrayList<>();

  /** An interceptor builder over {@code dir} with these key rules. */
  RecordReplayInterceptor.Builder interceptor(Path dir) {
    return interceptor(dir, KeyRules.defaults());
  }

  /** An interceptor builder over {@code dir} with {@code base} plus these options. */
  RecordReplayInterceptor.Builder interceptor(Path dir, KeyRules base) {
    RecordReplayInterceptor.Builder b =
        RecordReplayInterceptor.builder().recordings(dir).keyRules(base);
    try {
      return b.ignoreBodyFields(ignoredFields.toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }
}
