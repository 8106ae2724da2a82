package dev.llmreplay.internal.config;

import dev.llmreplay.FixtureListener;
import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.RequestKey;
import java.nio.file.Path;

/** Combines fixture listeners. */
public final class Listeners {
  private Listeners() {}

  /**
   * A listener telling {@code first}, then {@code second}; either may be {@link
   * FixtureListener#NONE}.
   */
  public static FixtureListener both(FixtureListener first, FixtureListener second) {
    if (first == FixtureListener.NONE) return second;
    if (second == FixtureListener.NONE) return first;
    return new FixtureListener() {
      @Override
      public void replayed(RequestKey key, Path file) {
        first.replayed(key, file);
        second.replayed(key, file);
      }

      @Override
      public void recorded(RequestKey key, Path file) {
        first.recorded(key, file);
        second.recorded(key, file);
      }

      @Override
      public void missed(RequestKey key) {
        first.missed(key);
        second.missed(key);
      }

      @Override
      public void missed(FixtureNotFoundException miss) {
        first.missed(miss);
        second.missed(miss);
      }
    };
  }
}
