package dev.llmreplay.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's seed fixture: a legacy completion stream of 50 chunks and {@code [DONE]}. */
public final class Seed {
  /** The request body the seed answers (POST /v1/completions). */
  public static final String BODY =
      "{\"model\":\"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\",\"prompt\":\"Respond to this"
          + " question and explain your answer. Complete the sentence using one word: Roses are"
          + " red, violets are \",\"max_tokens\":50,\"stream\":true}";

  public static final Path FILE = Path.of("recordings", "seed-legacy-completion-stream.json");

  private Seed() {}

  /** Copies the seed into {@code dir} and returns the copy. */
  public static Path copyInto(Path dir) throws IOException {
    Files.createDirectories(dir);
    return Files.copy(FILE, dir.resolve("seed.json"));
  }
}
