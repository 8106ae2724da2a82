package dev.llmreplay.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared test data (seed, conformance vectors, llama-stack and OGX recordings). */
public final class SharedData {
  private SharedData() {}

  public static Path dir() {
    String prop = System.getProperty("llmreplay.shared");
    Path p = prop != null ? Path.of(prop) : Path.of("src", "test", "shared");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException(
          "shared test data not found at "
              + p.toAbsolutePath()
              + " (set -Dllmreplay.shared=/path/to/shared)");
    }
    return p.toAbsolutePath().normalize();
  }

  /** A path inside the shared directory. */
  public static Path resolve(String relative) {
    return dir().resolve(relative);
  }

  public static Path seed() {
    return dir().resolve("seeds/000_690cb578917db9ae.txt");
  }

  public static Path llamaStack() {
    return dir().resolve("conformance/llama-stack-2025-08");
  }

  /** The OGX recordings (May 2026), in five area folders. */
  public static Path ogx() {
    return dir().resolve("conformance/ogx-2026-05");
  }
}
