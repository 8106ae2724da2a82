package dev.llmreplay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A fixture was not written because it would contain something shaped like a secret. Names the file
 * and each location (a JSON pointer into the fixture) with a masked preview.
 */
public final class SecretFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient List<SecretFinding> findings;

  public SecretFoundException(Path file, List<SecretFinding> findings) {
    super(
        "refusing to write "
            + file
            + ": it would contain what looks like a secret:\n"
            + findings.stream().map(f -> "  " + f).collect(Collectors.joining("\n"))
            + "\nRedact it (RecordReplayInterceptor.builder().redactHeader/redactBodyField/"
            + "redactQueryParam) or, for a known fake value, allow it"
            + " (SecretScanner.builder().allowValue(...)).");
    this.findings = List.copyOf(findings);
  }

  public List<SecretFinding> findings() {
    return findings;
  }
}
