package dev.llmreplay.cli;

import java.nio.file.Path;

/** How files are named in output: relative to the working directory when under it. */
final class Labels {
  private Labels() {}

  static String of(Path file) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(cwd) && !abs.equals(cwd)
        ? cwd.relativize(abs).toString()
        : abs.toString();
  }
}
