package dev.llmreplay.internal.cli;

import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.fixture.FileLabel;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.Provenance;
import dev.llmreplay.internal.fixture.RecordedFailure;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.inspect.RequestSummary;
import dev.llmreplay.internal.inspect.TextFormat;
import dev.llmreplay.internal.inspect.Transcript;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llm-replay show}: a fixture as a person reads it. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    header = "Show a fixture: the request in brief and the response as text.",
    versionProvider = Main.ManifestVersion.class,
    description = {
      "Shows a fixture: its key, the request in brief (model, messages or prompt, tools, "
          + "parameters) and the response as a person reads it: streamed chunks joined into "
          + "text, tool calls with their assembled arguments, finish reason and token usage. "
          + "Knows OpenAI chat and legacy completions, the Responses API, Anthropic messages and "
          + "Ollama.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llm-replay show recordings/3f9a1c2b4d5e.json",
      "  llm-replay show 3f9a1c2b4d5e",
      "  llm-replay show 3f9a1c2b4d5e --dir src/test/resources/fixtures --full"
    })
final class ShowCommand implements Callable<Integer> {
  private static final Pattern KEY_PREFIX = Pattern.compile("[0-9a-fA-F]{12,64}");
  private static final int BRIEF_CHARS = 200;

  @Spec CommandSpec spec;
  @Mixin KeyOptions keys;

  @Parameters(
      index = "0",
      paramLabel = "FILE|KEY",
      description = "A fixture file, or a key (at least 12 hex characters) to look up in --dir.")
  String what;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where to look a key up (default: recordings).")
  Path dir = Path.of("recordings");

  @Option(names = "--full", description = "Print request texts whole instead of one line each.")
  boolean full;

  @Override
  public Integer call() throws IOException {
    Path file = resolve();
    Fixture fixture = FixtureCodec.read(file);
    RequestKey key = keys.replayer(dir).store().keyOf(fixture.request());

    List<String> lines = new ArrayList<>();
    lines.add(pad("file") + FileLabel.of(file));
    lines.add(pad("key") + key.hex());
    lines.add(pad("endpoint") + key.endpoint() + " (as keyed)");
    Provenance p = fixture.provenance();
    if (p != null) {
      lines.add(
          pad("recorded")
              + p.recordedAt()
              + (p.host() == null ? "" : " from " + p.host())
              + (p.version() == null ? "" : " by llm-replay " + p.version()));
    }
    if (!fixture.faults().isNone()) {
      lines.add(pad("faults") + fixture.faults() + " (applied whenever it is replayed)");
    }
    lines.add("");
    lines.addAll(TextFormat.request(RequestSummary.of(fixture.request()), full ? 0 : BRIEF_CHARS));
    List<RecordedResponse> responses = fixture.responses();
    for (int i = 0; i < responses.size(); i++) {
      lines.add("");
      if (responses.size() > 1) {
        lines.add(
            "call "
                + (i + 1)
                + " of "
                + responses.size()
                + (i == responses.size() - 1 ? " (repeats for later calls)" : "")
                + ":");
      }
      lines.addAll(TextFormat.response(Transcript.of(responses.get(i))));
      RecordedFailure failure = responses.get(i).failure();
      if (failure != null) {
        lines.add(
            pad("failure")
                + "recorded failing on purpose: "
                + failure.describe()
                + " (replays as these events, then this failure)");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    lines.forEach(out::println);
    out.flush();
    return Main.EXIT_OK;
  }

  private Path resolve() {
    Path asFile = Path.of(what);
    if (Files.isRegularFile(asFile)) return asFile;
    if (!KEY_PREFIX.matcher(what).matches()) {
      throw new CliException("no such file: " + what);
    }
    if (!Files.isDirectory(dir)) {
      throw new CliException(
          "no file named "
              + what
              + ", and no directory "
              + dir
              + " to look the key up in (use --dir)");
    }
    String prefix = what.toLowerCase(Locale.ROOT);
    FixtureStore store = keys.replayer(dir).store();
    TreeSet<Path> found = new TreeSet<>();
    for (FixtureStore.Entry e : store.entries()) {
      // llama-stack names files by another hash than our key, so the name counts too.
      if (e.key().hex().startsWith(prefix)
          || e.file().getFileName().toString().startsWith(prefix)) {
        found.add(e.file());
      }
    }
    for (List<Path> pair : store.duplicates()) {
      if (pair.get(1).getFileName().toString().startsWith(prefix)) found.add(pair.get(1));
    }
    if (found.isEmpty()) {
      throw new CliException("no fixture with key " + what + " in " + FileLabel.of(dir));
    }
    if (found.size() > 1) {
      throw new CliException(
          "key "
              + what
              + " matches "
              + found.size()
              + " fixtures in "
              + FileLabel.of(dir)
              + ": "
              + found.stream().map(FileLabel::of).collect(Collectors.joining(", "))
              + " (give more characters)");
    }
    return found.first();
  }

  private static String pad(String label) {
    return String.format(Locale.ROOT, "%-10s", label);
  }
}
