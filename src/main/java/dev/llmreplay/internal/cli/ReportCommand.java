package dev.llmreplay.internal.cli;

import dev.llmreplay.internal.refresh.ChangeReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llm-replay report BEFORE AFTER [--out FILE.md] [--label NAME] [--title TEXT]}: compares
 * two fixture directories (a copy taken before a recording run, and the recordings after it) and
 * prints the change report as Markdown (see {@link ChangeReport}).
 *
 * <p>Exit codes: 0 report written; 2 the command could not run (AFTER missing).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Compare fixtures before and after a recording run, as Markdown for a pull request.",
    versionProvider = Main.ManifestVersion.class,
    description = {
      "Pairs the fixture files of BEFORE and AFTER by relative path and prints what was added,"
          + " removed and changed. For a changed fixture it says what changed in substance:"
          + " assembled text, tool calls, finish reason, token usage, response fields added or"
          + " gone, status. Ids, timestamps, fingerprints, request-id headers and timing never"
          + " count as a change.",
      "Exit code 0 when the report was written, 2 on errors.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  cp -R recordings /tmp/before && mvn -B test -Dllmreplay.mode=record",
      "  llm-replay report /tmp/before recordings --out report.md"
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "BEFORE",
      description = "The fixtures as they were (a missing directory means none).")
  Path before;

  @Parameters(index = "1", paramLabel = "AFTER", description = "The fixtures as they are now.")
  Path after;

  @Option(
      names = "--out",
      paramLabel = "FILE.md",
      description = "Write the report here (and print only its summary line).")
  Path out;

  @Option(
      names = "--label",
      paramLabel = "NAME",
      description = "Prefix for fixture paths in the report (default: AFTER as given).")
  String label;

  @Option(names = "--title", paramLabel = "TEXT", description = "The report's heading.")
  String title;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(after)) throw new CliException("no such directory: " + after);
    String prefix = label != null ? label : after.toString().replace('\\', '/');
    while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
    ChangeReport report = ChangeReport.compare(before, after, prefix);
    String markdown = report.toMarkdown();
    if (title != null) {
      markdown = markdown.replaceFirst("^## .*\n", Matcher.quoteReplacement("## " + title + "\n"));
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(out, markdown, StandardCharsets.UTF_8);
      stdout.println(report.summary());
    } else {
      stdout.print(markdown);
    }
    stdout.flush();
    return Main.EXIT_OK;
  }
}
