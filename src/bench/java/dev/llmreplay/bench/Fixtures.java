package dev.llmreplay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.KeyRules;
import dev.llmreplay.internal.access.Access;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fixture directories the cold-start, memory and per-test benchmarks read, generated under
 * {@code target/bench-fixtures/} once and kept while the generator and its inputs are unchanged (a
 * marker file beside each directory, never inside it, says what it holds).
 */
final class Fixtures {
  static final Path ROOT = Path.of("target", "bench-fixtures").toAbsolutePath();

  /** The llama-stack recordings shipped with the tests (154, a few in {@code vision/}). */
  static final Path LLAMA_STACK =
      Path.of("src", "test", "shared", "conformance", "llama-stack-2025-08").toAbsolutePath();

  /** The size of the real set; ours replicates the 154 with varied bodies up to it. */
  static final int LLAMA_REPLICATED = 3_159;

  /** Bump when what the generators write changes. */
  private static final String GENERATOR = "v1";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Fixtures() {}

  /** The prompt of seed-shaped fixture {@code i}: the seed's, with a number after it. */
  static String seedPrompt(int i) {
    return Seed.PROMPT + "(" + i + ")";
  }

  /**
   * {@code n} seed-shaped fixtures (the seed file, 22 kB, 50 chunks) with distinct prompts, named
   * {@code seed-00000.json}...: not by their hash, as a user's named fixtures are not. Smaller sets
   * are hard links into the largest one generated.
   */
  static Path seedShaped(int n) throws IOException {
    Path dir = ROOT.resolve("seed-" + n);
    String what = seedWhat(n);
    if (upToDate(dir, what)) return dir;
    reset(dir);
    String text = Seed.fileText();
    String prompt = "\"prompt\": " + Seed.jsonString(Seed.PROMPT);
    if (text.indexOf(prompt) < 0 || text.indexOf(prompt) != text.lastIndexOf(prompt)) {
      throw new IllegalStateException("the seed's prompt is not where the generator expects it");
    }
    Path all = ROOT.resolve("seed-10000");
    if (n >= 10_000 || !upToDate(all, seedWhat(10_000))) all = null;
    for (int i = 0; i < n; i++) {
      String name = String.format("seed-%05d.json", i);
      if (all != null && tryLink(dir.resolve(name), all.resolve(name))) continue;
      Files.writeString(
          dir.resolve(name), text.replace(prompt, "\"prompt\": " + Seed.jsonString(seedPrompt(i))));
    }
    markDone(dir, what);
    return dir;
  }

  private static String seedWhat(int n) throws IOException {
    return GENERATOR + " seed-shaped " + n + " " + Files.size(Seed.FILE);
  }

  /** The 154 llama-stack recordings in one directory ({@code vision/} ones as vision-NAME). */
  static Path llamaStack() throws IOException {
    Path dir = ROOT.resolve("llama-154");
    List<Path> sources = llamaSources();
    String what = GENERATOR + " llama " + sources.size();
    if (upToDate(dir, what)) return dir;
    reset(dir);
    for (Path src : sources) Files.copy(src, dir.resolve(flatName(src)));
    markDone(dir, what);
    return dir;
  }

  /**
   * The 154 llama-stack recordings and copies of them up to {@value #LLAMA_REPLICATED}, each copy's
   * request body given a distinct {@code "user"} field and the file named as llama-stack names
   * recordings: the first 12 hex digits of the SHA-256 of {@code {method, endpoint: URL path,
   * body}}.
   */
  static Path llamaReplicated() throws IOException {
    Path dir = ROOT.resolve("llama-" + LLAMA_REPLICATED);
    List<Path> sources = llamaSources();
    String what = GENERATOR + " llama-replicated " + sources.size() + " " + LLAMA_REPLICATED;
    if (upToDate(dir, what)) return dir;
    reset(dir);
    for (Path src : sources) Files.copy(src, dir.resolve(flatName(src)));
    List<JsonNode> trees = new ArrayList<>();
    for (Path src : sources) trees.add(MAPPER.readTree(src.toFile()));
    for (int i = 0; i < LLAMA_REPLICATED - sources.size(); i++) {
      ObjectNode copy = trees.get(i % trees.size()).deepCopy();
      ObjectNode request = (ObjectNode) copy.get("request");
      ((ObjectNode) request.get("body")).put("user", "bench-replica-" + i);
      String name =
          Access.bridge()
                  .keys(KeyRules.defaults())
                  .key(
                      request.get("method").asText(),
                      URI.create(request.get("url").asText()).getRawPath(),
                      request.get("body"))
                  .shortHex()
              + ".json";
      Path file = dir.resolve(name);
      if (Files.exists(file)) throw new IllegalStateException("replica name taken: " + name);
      MAPPER.writeValue(file.toFile(), copy);
    }
    markDone(dir, what);
    return dir;
  }

  /** A llama-stack chat completion to replay from either llama set: endpoint path and wire body. */
  static String[] llamaRequest() throws IOException {
    for (Path src : llamaSources()) {
      JsonNode request = MAPPER.readTree(src.toFile()).get("request");
      String path = URI.create(request.get("url").asText()).getRawPath();
      if (!src.getParent().equals(LLAMA_STACK) || !path.endsWith("/v1/chat/completions")) continue;
      ObjectNode body = (ObjectNode) request.get("body").deepCopy();
      // What the Python SDK sends for these keyword arguments.
      JsonNode extra = body.remove("extra_body");
      body.remove(List.of("extra_headers", "extra_query", "timeout"));
      if (extra != null && extra.isObject()) body.setAll((ObjectNode) extra);
      return new String[] {
        path, MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body)
      };
    }
    throw new IllegalStateException("no chat completion among " + LLAMA_STACK);
  }

  /** A directory holding only the seed (for the per-test benchmark). */
  static Path seedOnly() throws IOException {
    Path dir = ROOT.resolve("seed-only");
    String what = GENERATOR + " seed-only " + Files.size(Seed.FILE);
    if (upToDate(dir, what)) return dir;
    reset(dir);
    Files.copy(Seed.FILE, dir.resolve(Seed.FILE.getFileName()));
    markDone(dir, what);
    return dir;
  }

  static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      long total = 0;
      for (Path p : s.collect(Collectors.toList())) total += Files.size(p);
      return total;
    }
  }

  static int count(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return (int) s.count();
    }
  }

  private static List<Path> llamaSources() throws IOException {
    try (Stream<Path> s = Files.walk(LLAMA_STACK)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
  }

  private static String flatName(Path src) {
    Path parent = LLAMA_STACK.relativize(src.getParent());
    String prefix = parent.toString().isEmpty() ? "" : parent.toString().replace('/', '-') + "-";
    return prefix + src.getFileName();
  }

  private static Path marker(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".done");
  }

  private static boolean upToDate(Path dir, String what) throws IOException {
    Path marker = marker(dir);
    return Files.isDirectory(dir) && Files.exists(marker) && Files.readString(marker).equals(what);
  }

  private static void markDone(Path dir, String what) throws IOException {
    Files.writeString(marker(dir), what);
  }

  private static void reset(Path dir) throws IOException {
    Files.deleteIfExists(marker(dir));
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }

  private static boolean tryLink(Path link, Path existing) throws IOException {
    try {
      Files.createLink(link, existing);
      return true;
    } catch (UnsupportedOperationException | IOException e) {
      return false; // no hard links here: write a copy
    }
  }
}
