package dev.llmreplay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a main class in a fresh JVM on this JVM's class path. */
final class Jvm {
  private Jvm() {}

  /** The child's output lines; fails when it exits non-zero. */
  static List<String> run(List<String> jvmArgs, Class<?> main, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(BenchSuite.OUT, "child", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      int rc = p.waitFor();
      List<String> lines = Files.readAllLines(out);
      if (rc != 0) {
        throw new IllegalStateException(
            main.getSimpleName() + " exited " + rc + ":\n" + String.join("\n", lines));
      }
      return lines;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The key=value pairs of the child's RESULT line. */
  static Map<String, String> result(List<String> lines) {
    for (String line : lines) {
      if (!line.startsWith("RESULT ")) continue;
      Map<String, String> m = new LinkedHashMap<>();
      for (String kv : line.substring(7).trim().split("\\s+")) {
        int eq = kv.indexOf('=');
        m.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      return m;
    }
    throw new IllegalStateException("no RESULT line in:\n" + String.join("\n", lines));
  }
}
