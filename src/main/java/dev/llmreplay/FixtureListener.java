package dev.llmreplay;

import java.nio.file.Path;

/**
 * Told what happened to each call (for logs, usage ledgers and test assertions). Called on the
 * calling thread; implementations must be thread-safe and quick.
 */
public interface FixtureListener {
  /** A call was answered from {@code file}. */
  default void replayed(RequestKey key, Path file) {}

  /** A live response was recorded to {@code file} (after its body ended). */
  default void recorded(RequestKey key, Path file) {}

  /** No fixture matched in {@link Mode#REPLAY}. */
  default void missed(RequestKey key) {}

  /**
   * No fixture matched in {@link Mode#REPLAY}; {@code miss} is what the caller is about to get, its
   * message the full miss report. By default passes the key on to {@link #missed(RequestKey)}.
   */
  default void missed(FixtureNotFoundException miss) {
    missed(miss.key());
  }

  /** A listener that ignores everything. */
  FixtureListener NONE = new FixtureListener() {};
}
