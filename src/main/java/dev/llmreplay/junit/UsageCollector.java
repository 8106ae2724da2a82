package dev.llmreplay.junit;

import dev.llmreplay.internal.usage.TestUsage;
import dev.llmreplay.internal.usage.UsageLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gathers the usage of every test of one engine run and merges it into the ledger once, when JUnit
 * closes the root context's store at the end of the run (one write per run and fork, not one per
 * test).
 *
 * <p>Implements both closing interfaces: JUnit 5.10 to 5.12 close only {@code CloseableResource},
 * later versions prefer {@code AutoCloseable}. Closing twice writes once.
 */
@SuppressWarnings("deprecation")
final class UsageCollector implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  private final UsageLedger ledger;
  private final ConcurrentLinkedQueue<TestUsage> usages = new ConcurrentLinkedQueue<>();
  private boolean closed;

  UsageCollector(UsageLedger ledger) {
    this.ledger = ledger;
  }

  void add(TestUsage usage) {
    usages.add(usage);
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    List<TestUsage> all = new ArrayList<>(usages);
    try {
      ledger.merge(all);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "llm-replay: cannot write the usage ledger " + ledger.file(), e);
    }
  }
}
