package dev.llmreplay.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: edits a JSON file by hand, as a person would. */
public final class JsonFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonFiles() {}

  /** Sets a top-level text field of the JSON object in {@code file}. */
  public static void put(Path file, String field, String value) throws IOException {
    ObjectNode root = (ObjectNode) MAPPER.readTree(file.toFile());
    root.put(field, value);
    Files.write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
