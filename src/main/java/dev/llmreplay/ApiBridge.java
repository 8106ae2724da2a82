package dev.llmreplay;

import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.key.KeyFunction;
import dev.llmreplay.internal.redact.Redaction;
import dev.llmreplay.internal.redact.Scanner;
import dev.llmreplay.internal.replay.Replayer;

/**
 * Hands internals the package-private parts of the API types (see {@link Access}); installed once,
 * when {@link Access#bridge()} first loads this class.
 */
final class ApiBridge implements Access.Bridge {
  static {
    Access.install(new ApiBridge());
  }

  private ApiBridge() {}

  @Override
  public KeyFunction keys(KeyRules rules) {
    return rules.keys();
  }

  @Override
  public Redaction redaction(Redactor redactor) {
    return redactor.redaction();
  }

  @Override
  public Scanner scanner(SecretScanner scanner) {
    return scanner.scanner();
  }

  @Override
  public Replayer replayer(ReplaySettings settings) {
    return RecordReplayInterceptor.newReplayer(settings);
  }

  @Override
  public Replayer replayer(RecordReplayInterceptor interceptor) {
    return interceptor.replayer();
  }

  @Override
  public RecordReplayInterceptor interceptor(Replayer replayer) {
    return new RecordReplayInterceptor(replayer);
  }
}
