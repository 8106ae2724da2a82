package dev.llmreplay.internal.usage;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What one test did with fixtures: the files it was answered from and the files it recorded. Paths
 * are as written in the ledger: relative to the project directory with {@code /} separators,
 * absolute when outside it. The lists are sorted and free of duplicates.
 *
 * @param test the test, such as {@code com.example.FooTest#bar()} or, for a whole class, its name
 * @param used the fixture files that answered this test's calls, sorted
 * @param recorded the fixture files this test recorded, sorted
 */
public record TestUsage(String test, List<String> used, List<String> recorded) {
  public TestUsage {
    Objects.requireNonNull(test, "test");
    used = List.copyOf(new TreeSet<>(used));
    recorded = List.copyOf(new TreeSet<>(recorded));
  }

  /**
   * A test's usage.
   *
   * @param test the test, such as {@code com.example.FooTest#bar()}
   * @param used fixture files that answered its calls, as ledger paths
   * @param recorded fixture files it recorded, as ledger paths
   */
  public static TestUsage of(String test, Collection<String> used, Collection<String> recorded) {
    return new TestUsage(test, List.copyOf(used), List.copyOf(recorded));
  }

  @Override
  public String toString() {
    return "TestUsage(" + test + ", used=" + used + ", recorded=" + recorded + ")";
  }
}
