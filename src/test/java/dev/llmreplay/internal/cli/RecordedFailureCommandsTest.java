package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fault.FaultSpec;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.RecordedFailure;
import dev.llmreplay.internal.fixture.RecordedResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} and {@code show} on fixtures that carry a recorded failure or faults. */
class RecordedFailureCommandsTest {
  @TempDir Path dir;

  Path failedFixture() throws IOException {
    RecordedResponse cut =
        Fixtures.chatStream("Roses", false)
            .newBuilder()
            .failure(
                new RecordedFailure(
                    1, RecordedFailure.Kind.RESET, "java.net.SocketException: Connection reset"))
            .build();
    return Fixtures.write(dir, Fixtures.fixture(Fixtures.chat("hi"), cut));
  }

  @Test
  void verifyListsARecordedFailureButDoesNotFailOnIt() throws IOException {
    Path file = failedFixture();
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.out)
        .contains(
            file.getFileName()
                + ": recorded-failure: recorded failing on purpose: reset after 1 event:"
                + " java.net.SocketException: Connection reset")
        .doesNotContain("incomplete-stream")
        .contains("1 fixture file in ")
        .contains(": no problems (1 recorded failure)");

    Cli json = Cli.run("verify", dir.toString(), "--json");
    assertThat(json.exit).isEqualTo(0);
    assertThat(json.out)
        .contains("\"problems\" : 0")
        .contains("\"recorded_failures\" : 1")
        .contains("\"kind\" : \"recorded-failure\"")
        .contains("\"failure_kind\" : \"reset\"");
  }

  @Test
  void aCutStreamWithoutAFailureBlockIsStillAProblem() throws IOException {
    Fixtures.write(dir, Fixtures.fixture(Fixtures.chat("hi"), Fixtures.chatStream("Roses", false)));
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.out).contains("incomplete-stream");
  }

  @Test
  void showSaysTheResponseWasRecordedFailingAndNamesTheFixturesFaults() throws IOException {
    Path file = failedFixture();
    Cli r = Cli.run("show", file.toString());
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.out)
        .contains(
            "failure   recorded failing on purpose: reset after 1 event: java.net.SocketException:"
                + " Connection reset (replays as these events, then this failure)");

    Fixture withFaults =
        Fixtures.fixture(Fixtures.chat("faulty"), Fixtures.chatStream("Roses", true))
            .withFaults(FaultSpec.parse("status=429@first=1"));
    Path other = Fixtures.write(dir, withFaults);
    assertThat(Cli.run("show", other.toString()).out)
        .contains("faults    status=429@first=1 (applied whenever it is replayed)");
  }

  @Test
  void verifyReportsAnInvalidFaultsSpecInAFixture() throws IOException {
    Fixtures.writeText(
        dir,
        "bad.json",
        "{\"llm_replay\":{\"format\":1},\"faults\":\"cut-afer=3\",\"request\":{\"method\":\"POST\","
            + "\"url\":\"https://api.openai.com/v1/chat/completions\",\"body\":{}},"
            + "\"response\":{\"status\":200,\"body\":{}}}");
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.out)
        .contains("bad.json")
        .contains("parse-error")
        .contains("\"faults\": invalid fault spec \"cut-afer=3\" at column 1: unknown action");
  }
}
