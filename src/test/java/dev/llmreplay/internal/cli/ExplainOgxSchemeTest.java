package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain --scheme ogx FILE} prints an OGX recording's full key, its file name. */
class ExplainOgxSchemeTest {
  @TempDir Path dir;

  static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".json".length());
  }

  /** One recording of each area, the Bedrock-hosted ones and the recorded errors among them. */
  static List<Path> sample() {
    List<Path> all = FixtureStore.fixtureFiles(SharedData.ogx());
    return all.stream()
        .filter(
            f ->
                all.stream()
                        .filter(g -> g.getParent().equals(f.getParent()))
                        .findFirst()
                        .get()
                        .equals(f)
                    || f.getFileName().toString().startsWith("0eca8ac9")
                    || f.getFileName().toString().startsWith("28a43dc8"))
        .collect(Collectors.toList());
  }

  @Test
  void theFirstLineIsTheFullKeyWhichIsTheFileName() {
    List<Path> files = sample();
    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    for (Path file : files) {
      Cli r = Cli.run("explain", "--scheme", "ogx", file.toString());
      assertThat(r.exit).as(r.toString()).isEqualTo(0);
      assertThat(r.err).isEmpty();
      List<String> lines = r.outLines();
      assertThat(lines.get(0)).matches("[0-9a-f]{64}").isEqualTo(stem(file));
      assertThat(lines)
          .contains("new file  " + stem(file) + ".json (what a recording of it would be named)");
      assertThat(lines.stream().filter(l -> l.startsWith("test id   tests/integration/")))
          .hasSize(1);
    }
  }

  @Test
  void theDefaultSchemeGivesAnotherKeyAndNoBareKeyLine() {
    Path file = sample().get(0);
    Cli r = Cli.run("explain", file.toString());
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.outLines().get(0)).startsWith("input     ");
    assertThat(r.outLines()).noneMatch(l -> l.startsWith("key       " + stem(file)));
    assertThat(r.outLines()).noneMatch(l -> l.startsWith("test id"));
  }

  @Test
  void withDirTheRecordingIsMatchedUnderItsOwnName() throws Exception {
    Path file = sample().get(0);
    Files.copy(file, dir.resolve(file.getFileName()));
    Cli r = Cli.run("explain", "--scheme", "ogx", file.toString(), "--dir", dir.toString());
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines().get(r.outLines().size() - 1))
        .isEqualTo("match     " + dir.resolve(file.getFileName()));
  }

  @Test
  void aBareBodyNeedsATestIdAndIsKeyedWithIt() throws Exception {
    Path body = Fixtures.writeText(dir, "body.json", "{\"model\": \"m\", \"messages\": []}");
    Cli none = Cli.run("explain", "--scheme", "ogx", body.toString());
    assertThat(none.exit).isEqualTo(2);
    assertThat(none.err)
        .isEqualTo(
            "llm-replay explain: "
                + body
                + ": a bare body has no test_id: give --test-id under --scheme ogx\n");

    Cli r =
        Cli.run(
            "explain",
            "--scheme",
            "ogx",
            "--test-id",
            "tests/t.py::test_x",
            "--path",
            "/v1/v1/chat/completions",
            body.toString());
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines().get(0)).matches("[0-9a-f]{64}");
    assertThat(r.outLines())
        .contains(
            "endpoint  /v1/v1/chat/completions",
            "test id   tests/t.py::test_x",
            "{\"body\": {\"messages\": [], \"model\": \"m\"}, \"endpoint\":"
                + " \"/v1/v1/chat/completions\", \"method\": \"POST\", \"test_id\":"
                + " \"tests/t.py::test_x\"}");
  }

  @Test
  void anUnknownSchemeIsAnError() {
    Cli r = Cli.run("explain", "--scheme", "python", sample().get(0).toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err)
        .isEqualTo("llm-replay explain: unknown --scheme python: use default or ogx\n");
  }

  @Test
  void verifyTakesOgxNamesForTheirOwn() throws Exception {
    for (Path file : sample()) Files.copy(file, dir.resolve(file.getFileName()));
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.out).as(r.toString()).doesNotContain("misnamed");
    // ...while a renamed one is still caught.
    Path first = sample().get(0);
    Files.move(dir.resolve(first.getFileName()), dir.resolve("0".repeat(64) + ".json"));
    assertThat(Cli.run("verify", dir.toString()).out).contains("misnamed");
  }
}
