package dev.llmreplay.internal.usage;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What one test did with fixtures: the files it was answered from and the files it recorded. Paths
 * are as written in the ledger: relative to the project directory with {@code /} separators,
 * absolute when outside it. Immutable; the lists are sorted and free of duplicates.
 */
public final class TestUsage {
  private final String test;
  private final List<String> used;
  private final List<String> recorded;

  private TestUsage(String test, Collection<String> used, Collection<String> recorded) {
    this.test = Objects.requireNonNull(test, "test");
    this.used = List.copyOf(new TreeSet<>(used));
    this.recorded = List.copyOf(new TreeSet<>(recorded));
  }

  /**
   * A test's usage.
   *
   * @param test the test, such as {@code com.example.FooTest#bar()}
   * @param used fixture files that answered its calls, as ledger paths
   * @param recorded fixture files it recorded, as ledger paths
   */
  public static TestUsage of(String test, Collection<String> used, Collection<String> recorded) {
    return new TestUsage(test, used, recorded);
  }

  /** The test, such as {@code com.example.FooTest#bar()} or, for a whole class, its name. */
  public String test() {
    return test;
  }

  /** The fixture files that answered this test's calls, sorted. */
  public List<String> used() {
    return used;
  }

  /** The fixture files this test recorded, sorted. */
  public List<String> recorded() {
    return recorded;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TestUsage)) return false;
    TestUsage u = (TestUsage) o;
    return test.equals(u.test) && used.equals(u.used) && recorded.equals(u.recorded);
  }

  @Override
  public int hashCode() {
    return Objects.hash(test, used, recorded);
  }

  @Override
  public String toString() {
    return "TestUsage(" + test + ", used=" + used + ", recorded=" + recorded + ")";
  }
}
