package dev.llmreplay.internal.match;

import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.fixture.FileLabel;
import dev.llmreplay.internal.fixture.FixtureFormatException;
import dev.llmreplay.internal.fixture.FixtureStore;
import java.util.ArrayList;
import java.util.List;

/** Builds the miss report for a lookup in a {@link FixtureStore}. Internal. */
public final class MissReports {
  private MissReports() {}

  /**
   * The report for {@code key} missing from {@code store}.
   *
   * @param testName the test that made the call, or null
   * @param howToRecord the advice section (null leaves it out)
   */
  public static String forStore(
      FixtureStore store, RequestKey key, String path, String testName, String howToRecord) {
    return forStores(List.of(store), key, path, testName, howToRecord);
  }

  /**
   * The report for {@code key} missing from every one of {@code stores} (searched in that order;
   * the nearest fixture is taken from all of them).
   */
  public static String forStores(
      List<FixtureStore> stores, RequestKey key, String path, String testName, String howToRecord) {
    List<Candidate> candidates = new ArrayList<>();
    List<UnreadableFixture> unreadable = new ArrayList<>();
    for (FixtureStore store : stores) {
      for (FixtureStore.Entry e : store.entries()) {
        candidates.add(Candidate.of(e.key(), FileLabel.of(e.file())));
      }
      for (FixtureFormatException p : store.problems()) {
        unreadable.add(
            UnreadableFixture.of(FileLabel.of(p.file()), p.line(), p.column(), p.problem()));
      }
    }
    String dirs = stores.get(0).root().toString();
    if (stores.size() > 1) {
      dirs +=
          stores.subList(1, stores.size()).stream()
              .map(s -> s.root().toString())
              .collect(java.util.stream.Collectors.joining(", ", " (then ", ")"));
    }
    return MissReport.builder()
        .request(key, path)
        .recordingsDir(dirs)
        .testName(testName)
        .nearest(NearestFixture.find(key, candidates))
        .fixtureCount(candidates.size())
        .directoriesSearched(stores.size())
        .unreadable(unreadable)
        .howToRecord(howToRecord)
        .build()
        .text();
  }
}
