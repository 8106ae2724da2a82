package dev.llmreplay.internal.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** Runs the command line in-process and captures exit code, stdout and stderr. */
final class Cli {
  final int exit;
  final String out;
  final String err;

  private Cli(int exit, String out, String err) {
    this.exit = exit;
    this.out = out;
    this.err = err;
  }

  static Cli run(String... args) {
    return run(new Main(false, InputStream.nullInputStream(), server -> {}), args);
  }

  static Cli withStdin(String stdin, String... args) {
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    return run(new Main(false, in, server -> {}), args);
  }

  static Cli run(Main main, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl =
        Main.commandLine(main).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Cli(exit, unix(out.toString()), unix(err.toString()));
  }

  private static String unix(String s) {
    return s.replace("\r\n", "\n");
  }

  List<String> outLines() {
    return List.of(out.split("\n", -1))
        .subList(0, out.isEmpty() ? 0 : out.split("\n", -1).length - 1);
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
  }
}
