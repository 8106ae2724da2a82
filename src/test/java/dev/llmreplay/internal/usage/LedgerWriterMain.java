package dev.llmreplay.internal.usage;

import java.nio.file.Path;
import java.util.List;

/**
 * A separate JVM writing to a ledger, for {@link UsageLedgerTest}: {@code LedgerWriterMain FILE
 * PROJECT PREFIX N} merges N entries one at a time.
 */
public final class LedgerWriterMain {
  private LedgerWriterMain() {}

  /** Runs the writer. */
  public static void main(String[] args) throws Exception {
    UsageLedger ledger = UsageLedger.at(Path.of(args[0]), Path.of(args[1]));
    int n = Integer.parseInt(args[3]);
    for (int i = 0; i < n; i++) {
      ledger.merge(List.of(UsageLedgerTest.usage(args[2], i)));
    }
  }
}
