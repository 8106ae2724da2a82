package dev.llmreplay.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.SecretScanner;
import dev.llmreplay.internal.fixture.FileLabel;
import dev.llmreplay.internal.json.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code llm-replay verify}: lints fixture directories. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Check fixtures: parse errors, duplicates, names, cut-off streams, secrets, age.",
    versionProvider = Main.ManifestVersion.class,
    description = {
      "Checks fixture files; prints one line per problem (file:line:column: kind: message).",
      "  parse-error        not JSON, or not a fixture",
      "  duplicate-key      two files in one directory hold one request key; only the",
      "                     first is replayed (with --recursive: anywhere under DIR)",
      "  misnamed           a hash-named file whose request has another key",
      "                     (llama-stack's naming by the raw URL path is accepted)",
      "  incomplete-stream  a stream without its end: data: [DONE] (OpenAI),",
      "                     message_stop (Anthropic), response.completed",
      "                     (Responses API), \"done\": true (Ollama)",
      "  secret             something that looks like an API key or token",
      "  too-old            recorded longer ago than --max-age",
      "Listed, but not problems:",
      "  recorded-failure   a stream recorded failing on purpose (recordFailures);",
      "                     it replays as the same failure",
      "Exit code 0 when clean, 1 when anything was found, 2 on errors.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llm-replay verify",
      "  llm-replay verify recordings src/test/resources/fixtures --max-age 90d",
      "  llm-replay verify recordings --json | jq '.findings[] | .file'"
    })
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin KeyOptions keys;

  @Parameters(
      paramLabel = "DIR",
      arity = "0..*",
      description = "Fixture directories, searched recursively (default: recordings).")
  List<Path> dirs = new ArrayList<>();

  @Option(names = "--json", description = "Print the findings as one JSON document, for tools.")
  boolean json;

  @Option(
      names = "--recursive",
      description =
          "Judge duplicates as one interceptor or 'serve' over DIR looks fixtures up (searching"
              + " subdirectories: a key recorded twice anywhere under DIR is replayed from one"
              + " file only). Without it, as @LlmReplay does: each test directory is its own"
              + " lookup scope, so the same request recorded by two tests is not a duplicate.")
  boolean recursive;

  @Option(
      names = "--max-age",
      paramLabel = "AGE",
      converter = MaxAge.class,
      description = "Report fixtures recorded longer ago than this: 30d, 12h, 2w, P30D.")
  Duration maxAge;

  @Override
  public Integer call() {
    List<Path> targets = dirs.isEmpty() ? List.of(Path.of("recordings")) : dirs;
    for (Path dir : targets) {
      if (!Files.isDirectory(dir)) throw new CliException("no such directory: " + dir);
    }
    PrintWriter out = spec.commandLine().getOut();
    Verifier.Result result =
        new Verifier(keys, SecretScanner.defaults(), maxAge, Instant.now(), recursive)
            .verify(targets, spec.commandLine().getErr(), main.terminal());
    if (json) {
      out.println(toJson(result));
    } else {
      result.findings.forEach(out::println);
      String where = targets.stream().map(FileLabel::of).collect(Collectors.joining(", "));
      int n = problems(result);
      int failures = result.findings.size() - n;
      String noted = failures == 0 ? "" : " (" + plural(failures, "recorded failure") + ")";
      if (n == 0) {
        out.println(
            plural(result.files, "fixture file") + " in " + where + ": no problems" + noted);
      } else {
        out.println(
            plural(n, "problem")
                + " in "
                + problemFiles(result)
                + " of "
                + plural(result.files, "fixture file")
                + " in "
                + where
                + noted);
      }
    }
    out.flush();
    return problems(result) == 0 ? Main.EXIT_OK : Main.EXIT_FINDINGS;
  }

  private static int problems(Verifier.Result result) {
    return (int) result.findings.stream().filter(f -> f.kind().problem).count();
  }

  private static long problemFiles(Verifier.Result result) {
    return result.findings.stream()
        .filter(f -> f.kind().problem)
        .map(Finding::file)
        .distinct()
        .count();
  }

  private static String toJson(Verifier.Result result) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("files", result.files);
    root.put("problems", problems(result));
    int failures = result.findings.size() - problems(result);
    if (failures > 0) root.put("recorded_failures", failures);
    ArrayNode list = root.putArray("findings");
    for (Finding f : result.findings) {
      ObjectNode o = list.addObject();
      o.put("kind", f.kind().id);
      o.put("file", f.file());
      if (f.line() > 0) o.put("line", f.line());
      if (f.column() > 0) o.put("column", f.column());
      o.put("message", f.message());
      for (Map.Entry<String, String> d : new java.util.TreeMap<>(f.details()).entrySet()) {
        o.put(d.getKey(), d.getValue());
      }
    }
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
