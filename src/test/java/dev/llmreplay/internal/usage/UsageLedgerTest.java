package dev.llmreplay.internal.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage ledger's format, merging, and safety under concurrent writers. */
class UsageLedgerTest {
  @TempDir Path project;

  static TestUsage usage(String prefix, int i) {
    return TestUsage.of(
        "com.x." + prefix + "Test#t" + i + "()",
        List.of("recordings/" + prefix + "/t" + i + "/0a1b2c3d4e5f.json"),
        List.of());
  }

  @Test
  void writesTheDocumentedFormatSortedAndWithoutDuplicates() throws IOException {
    UsageLedger ledger = UsageLedger.inProject(project);
    ledger.merge(
        List.of(
            TestUsage.of(
                "com.x.FooTest#bar()",
                List.of(
                    "recordings/FooTest/bar/b.json",
                    "recordings/shared.json",
                    "recordings/FooTest/bar/b.json"),
                List.of("recordings/FooTest/bar/new.json")),
            TestUsage.of("com.x.AbcTest#first()", List.of(), List.of())));
    assertThat(ledger.file())
        .isEqualTo(project.resolve("target/llm-replay/usage.json").toAbsolutePath().normalize());
    assertThat(Files.readString(ledger.file()))
        .isEqualTo(
            String.join(
                "\n",
                "{",
                "  \"version\": 1,",
                "  \"tests\": [",
                "    {",
                "      \"test\": \"com.x.AbcTest#first()\",",
                "      \"used\": [ ],",
                "      \"recorded\": [ ]",
                "    },",
                "    {",
                "      \"test\": \"com.x.FooTest#bar()\",",
                "      \"used\": [",
                "        \"recordings/FooTest/bar/b.json\",",
                "        \"recordings/shared.json\"",
                "      ],",
                "      \"recorded\": [",
                "        \"recordings/FooTest/bar/new.json\"",
                "      ]",
                "    }",
                "  ]",
                "}",
                ""));
  }

  @Test
  void mergingReplacesATestsEntryAndKeepsTheOthers() throws IOException {
    UsageLedger ledger = UsageLedger.inProject(project);
    ledger.merge(List.of(usage("A", 1), usage("B", 1)));
    TestUsage rerun =
        TestUsage.of("com.x.ATest#t1()", List.of(), List.of("recordings/A/t1/ffffffffffff.json"));
    ledger.merge(List.of(rerun));
    assertThat(ledger.read()).containsExactly(rerun, usage("B", 1));
    assertThat(ledger.referencedFiles())
        .containsExactly(
            project.resolve("recordings/A/t1/ffffffffffff.json").toAbsolutePath().normalize(),
            project.resolve("recordings/B/t1/0a1b2c3d4e5f.json").toAbsolutePath().normalize());
  }

  @Test
  void pathsAreRelativeToTheProjectWithSlashesElseAbsolute() {
    UsageLedger ledger = UsageLedger.inProject(project);
    assertThat(ledger.pathOf(project.resolve("recordings").resolve("A").resolve("x.json")))
        .isEqualTo("recordings/A/x.json");
    Path outside = project.getParent().resolve("elsewhere/x.json").toAbsolutePath().normalize();
    assertThat(ledger.pathOf(outside)).isEqualTo(outside.toString());
    assertThat(ledger.resolve("recordings/A/x.json"))
        .isEqualTo(project.resolve("recordings/A/x.json").toAbsolutePath().normalize());
    assertThat(ledger.resolve(outside.toString())).isEqualTo(outside);
  }

  @Test
  void readingTellsWhatIsWrongWithABadLedgerAndMergingReplacesIt() throws IOException {
    UsageLedger ledger = UsageLedger.inProject(project);
    assertThat(ledger.read()).isEmpty();
    Files.createDirectories(ledger.file().getParent());
    Files.writeString(ledger.file(), "{\"version\": 2, \"tests\": []}");
    assertThatThrownBy(ledger::read)
        .isInstanceOf(IOException.class)
        .hasMessage(
            ledger.file()
                + ": unsupported usage ledger version 2 (this llm-replay reads version 1)");
    Files.writeString(ledger.file(), "{\"version\": 1, \"tests\": [{\"used\": []}]}");
    assertThatThrownBy(ledger::read)
        .hasMessage(ledger.file() + ": not a usage ledger (an entry has no \"test\" name)");
    Files.writeString(ledger.file(), "{\"version\": 1, \"tests\": [");
    assertThatThrownBy(ledger::read)
        .hasMessageStartingWith(ledger.file() + ":1:26: invalid JSON: ");

    ledger.merge(List.of(usage("A", 1)));
    assertThat(ledger.read()).containsExactly(usage("A", 1));
  }

  @Test
  void concurrentWritersInThisJvmAndInOthersLoseNothing() throws Exception {
    Path file = project.resolve("target/llm-replay/usage.json");
    int perWriter = 15;
    List<Process> processes = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String prefix : List.of("P1", "P2")) {
      processes.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  LedgerWriterMain.class.getName(),
                  file.toString(),
                  project.toString(),
                  prefix,
                  String.valueOf(perWriter))
              .redirectErrorStream(true)
              .start());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writers = new ArrayList<>();
    for (String prefix : List.of("T1", "T2", "T3", "T4")) {
      // A ledger instance per thread, as separate engines in one JVM would have.
      UsageLedger ledger = UsageLedger.at(file, project);
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < perWriter; i++) ledger.merge(List.of(usage(prefix, i)));
                return null;
              }));
    }
    for (Future<?> w : writers) w.get(60, TimeUnit.SECONDS);
    pool.shutdown();
    for (Process p : processes) {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue())
          .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isZero();
    }
    List<TestUsage> expected = new ArrayList<>();
    for (String prefix : List.of("P1", "P2", "T1", "T2", "T3", "T4")) {
      for (int i = 0; i < perWriter; i++) expected.add(usage(prefix, i));
    }
    assertThat(UsageLedger.at(file, project).read()).containsExactlyInAnyOrderElementsOf(expected);
  }
}
