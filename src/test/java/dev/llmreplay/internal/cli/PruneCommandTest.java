package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneCommandTest {
  @TempDir Path project;
  Path recordings;
  Path used;
  Path recorded;
  Path unused;
  Path unusedNested;
  Path ledger;

  @BeforeEach
  void setUp() throws Exception {
    recordings = project.resolve("recordings");
    used = Fixtures.write(recordings, fixture("used"));
    recorded = Fixtures.write(recordings, fixture("recorded"));
    unused = Fixtures.write(recordings, fixture("unused"));
    unusedNested =
        Fixtures.write(
            recordings,
            "FooTest/old/" + Fixtures.key(fixture("old")).shortHex() + ".json",
            fixture("old"));
    ledger = project.resolve("target/llm-replay/usage.json");
    writeLedger(
        "{\"version\": 1, \"tests\": ["
            + "{\"test\": \"com.x.FooTest#a()\", \"used\": [\"recordings/"
            + used.getFileName()
            + "\"], \"recorded\": []},"
            + "{\"test\": \"com.x.FooTest#b()\", \"used\": [], \"recorded\": [\""
            + recorded.toString().replace('\\', '/')
            + "\"]}]}");
  }

  private static Fixture fixture(String text) throws Exception {
    return Fixtures.fixture(Fixtures.chat(text), Fixtures.chatStream(text, true));
  }

  private void writeLedger(String json) throws Exception {
    Files.createDirectories(ledger.getParent());
    Files.writeString(ledger, json);
  }

  @Test
  void dryRunListsWhatWouldGoAndRemovesNothing() {
    Cli r = Cli.run("prune", recordings.toString(), "--usage", ledger.toString(), "--dry-run");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines())
        .containsExactlyInAnyOrder(
            "would remove " + unused,
            "would remove " + unusedNested,
            "would remove 2 of 4 fixture files (2 kept)");
    assertThat(unused).exists();
    assertThat(unusedNested).exists();
  }

  @Test
  void removesUnusedFixturesAndTheDirectoriesTheyLeaveEmpty() {
    Cli r = Cli.run("prune", recordings.toString(), "--usage", ledger.toString());
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines())
        .containsExactlyInAnyOrder(
            "removed " + unused,
            "removed " + unusedNested,
            "removed 2 of 4 fixture files (2 kept)");
    assertThat(used).exists();
    assertThat(recorded).exists();
    assertThat(unused).doesNotExist();
    assertThat(recordings.resolve("FooTest")).doesNotExist();
    assertThat(recordings).isDirectory();

    Cli again = Cli.run("prune", recordings.toString(), "--usage", ledger.toString());
    assertThat(again.out).isEqualTo("nothing to remove: all 2 fixture files are in use\n");
  }

  @Test
  void unreadableFilesAreKeptAndReported() throws Exception {
    Path broken = Fixtures.writeText(recordings, "broken.json", "{");
    Cli r = Cli.run("prune", recordings.toString(), "--usage", ledger.toString());
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.err).isEqualTo("kept " + broken + ": unreadable, fix or delete it by hand\n");
    assertThat(broken).exists();
    assertThat(r.outLines()).contains("removed 2 of 5 fixture files (3 kept)");
  }

  @Test
  void aLedgerOutsideTargetHasItsRelativePathsTakenFromTheWorkingDirectory() throws Exception {
    Path elsewhere = project.resolve("ledger.json");
    Files.copy(ledger, elsewhere);
    // Not under target/llm-replay: relative paths would be taken from the working directory.
    Cli r = Cli.run("prune", recordings.toString(), "--usage", elsewhere.toString(), "--dry-run");
    assertThat(r.exit).isEqualTo(0);
    // recordings/<used> is looked for under the working directory, so it looks unused.
    assertThat(r.outLines())
        .contains("would remove " + used, "would remove 3 of 4 fixture files (1 kept)");
  }

  @Test
  void projectDirOptionIsHonoured() throws Exception {
    Path elsewhere = project.resolve("ledger.json");
    Files.copy(ledger, elsewhere);
    Cli r =
        Cli.run(
            "prune",
            recordings.toString(),
            "--usage",
            elsewhere.toString(),
            "--project-dir",
            project.toString(),
            "--dry-run");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines()).contains("would remove 2 of 4 fixture files (2 kept)");
  }

  @Test
  void refusesWithoutALedger() {
    Cli r =
        Cli.run("prune", recordings.toString(), "--usage", project.resolve("none.json").toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.out).isEmpty();
    assertThat(r.err)
        .isEqualTo(
            "llm-replay prune: no usage ledger at "
                + project.resolve("none.json")
                + ": run the tests first (mvn verify) so that the JUnit extension writes it\n");
    assertThat(unused).exists();
  }

  @Test
  void refusesWhenTheLedgerListsNoTests() throws Exception {
    writeLedger("{\"version\": 1, \"tests\": []}");
    Cli r = Cli.run("prune", recordings.toString(), "--usage", ledger.toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err)
        .isEqualTo(
            "llm-replay prune: "
                + ledger
                + " lists no tests: refusing to prune (run the whole test suite first)\n");
    assertThat(unused).exists();
  }

  @Test
  void refusesWhenNoListedFixtureExists() throws Exception {
    writeLedger(
        "{\"version\": 1, \"tests\": [{\"test\": \"t\", \"used\": [\"elsewhere/a.json\"]}]}");
    Cli r = Cli.run("prune", recordings.toString(), "--usage", ledger.toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err)
        .isEqualTo(
            "llm-replay prune: none of the 1 fixtures listed in "
                + ledger
                + " exists under "
                + project.toAbsolutePath().normalize()
                + ": refusing to prune (use --project-dir)\n");
    assertThat(unused).exists();
  }

  @Test
  void refusesBrokenOrForeignLedgers() throws Exception {
    writeLedger("{\"version\": 1, \"tests\": [");
    Cli bad = Cli.run("prune", recordings.toString(), "--usage", ledger.toString());
    assertThat(bad.exit).isEqualTo(2);
    assertThat(bad.err)
        .isEqualTo(
            "llm-replay prune: "
                + ledger
                + ":1:26: invalid JSON: Unexpected end-of-input:"
                + " expected close marker for Array (start marker at line 1, column 25)\n");

    writeLedger("{\"version\": 2, \"tests\": []}");
    assertThat(Cli.run("prune", recordings.toString(), "--usage", ledger.toString()).err)
        .isEqualTo(
            "llm-replay prune: "
                + ledger
                + ": unsupported usage ledger version 2 (this llm-replay reads version 1)\n");

    writeLedger("[]");
    assertThat(Cli.run("prune", recordings.toString(), "--usage", ledger.toString()).err)
        .isEqualTo(
            "llm-replay prune: " + ledger + ": not a usage ledger (expected a JSON object)\n");
    assertThat(unused).exists();
  }

  @Test
  void usageIsRequiredAndDirMustExist() {
    Cli noUsage = Cli.run("prune", recordings.toString());
    assertThat(noUsage.exit).isEqualTo(2);
    assertThat(noUsage.err)
        .isEqualTo(
            "llm-replay prune: missing required option: '--usage=FILE' (see 'llm-replay prune"
                + " --help')\n");
    Cli noDir = Cli.run("prune", project.resolve("nope").toString(), "--usage", ledger.toString());
    assertThat(noDir.exit).isEqualTo(2);
    assertThat(noDir.err)
        .isEqualTo("llm-replay prune: no such directory: " + project.resolve("nope") + "\n");
  }
}
