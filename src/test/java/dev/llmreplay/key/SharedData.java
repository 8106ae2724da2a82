package dev.llmreplay.key;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the shared test data directory (system property {@code llmreplay.shared}). */
final class SharedData {
  private SharedData() {}

  /** The shared directory; {@code ../shared} when the property is not set. */
  static Path dir() {
    String property = System.getProperty("llmreplay.shared");
    Path dir = Paths.get(property != null ? property : "../shared").toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("Shared test data not found at " + dir);
    }
    return dir;
  }

  /** A path inside the shared directory. */
  static Path resolve(String relative) {
    return dir().resolve(relative);
  }
}
