package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
  @TempDir Path dir;

  @Test
  void onATerminalTheCounterIsDrawnInPlaceAndErasedAtTheEnd() {
    StringWriter err = new StringWriter();
    try (Progress p = Progress.start(new PrintWriter(err), true, "verify x", 2)) {
      p.step();
      p.step();
    }
    // The first step comes within 100 ms of the start and is skipped; the last is always drawn.
    assertThat(err.toString()).isEqualTo("\rverify x 2/2\r" + " ".repeat(12) + "\r");
  }

  @Test
  void offATerminalNothingIsPrinted() {
    StringWriter err = new StringWriter();
    try (Progress p = Progress.start(new PrintWriter(err), false, "verify x", 1)) {
      p.step();
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void verifyShowsProgressOnlyOnATerminal() throws Exception {
    Fixtures.write(dir, Fixtures.fixture(Fixtures.chat("a"), Fixtures.chatStream("A", true)));
    Cli terminal =
        Cli.run(new Main(true, InputStream.nullInputStream(), s -> {}), "verify", dir.toString());
    assertThat(terminal.exit).isEqualTo(0);
    String label = "verify " + dir + " 1/1";
    assertThat(terminal.err).isEqualTo("\r" + label + "\r" + " ".repeat(label.length()) + "\r");
    assertThat(terminal.out).isEqualTo("1 fixture file in " + dir + ": no problems\n");
    Cli piped = Cli.run("verify", dir.toString());
    assertThat(piped.err).isEmpty();
  }
}
