package dev.llmreplay.internal.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.FixtureWriter;
import dev.llmreplay.internal.json.Json;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The usage ledger: which fixture files each test used and recorded, written by the JUnit extension
 * and read by the {@code prune} command. One JSON file, by default {@value #DEFAULT_LOCATION} in
 * the project directory:
 *
 * <pre>{@code
 * {"version": 1, "tests": [{"test": "com.x.FooTest#bar()",
 *   "used": ["recordings/FooTest/bar/0a1b2c3d4e5f.json"], "recorded": []}]}
 * }</pre>
 *
 * <p>Paths are relative to the project directory with {@code /} separators, absolute when outside
 * it. Tests are sorted by name, so the file is the same for the same runs.
 *
 * <p>Safe for concurrent writers, in this JVM and in others (parallel forks): {@link #merge} holds
 * an exclusive lock on a sibling {@code .lock} file while it reads the ledger, replaces the entries
 * of the tests it is given and writes the result to a temp file that is then moved into place, so a
 * reader never sees half a file and no writer's entries are lost.
 */
public final class UsageLedger {
  /** Where the ledger lives, relative to the project directory. */
  public static final String DEFAULT_LOCATION = "target/llm-replay/usage.json";

  /** The format version this class reads and writes. */
  public static final int VERSION = 1;

  private static final long LOCK_TIMEOUT_MILLIS = 120_000;

  private final Path file;
  private final Path projectDir;

  private UsageLedger(Path file, Path projectDir) {
    this.file = file.toAbsolutePath().normalize();
    this.projectDir = projectDir.toAbsolutePath().normalize();
  }

  /** The ledger in {@code file}, with paths relative to {@code projectDir}. */
  public static UsageLedger at(Path file, Path projectDir) {
    return new UsageLedger(
        Objects.requireNonNull(file, "file"), Objects.requireNonNull(projectDir, "projectDir"));
  }

  /** The ledger at its default location, {@value #DEFAULT_LOCATION}, in {@code projectDir}. */
  public static UsageLedger inProject(Path projectDir) {
    return at(projectDir.resolve(DEFAULT_LOCATION), projectDir);
  }

  /** The ledger file (absolute). */
  public Path file() {
    return file;
  }

  /** The directory ledger paths are relative to (absolute). */
  public Path projectDir() {
    return projectDir;
  }

  /**
   * A file as the ledger names it: relative to the project directory with {@code /}, else absolute.
   */
  public String pathOf(Path fixture) {
    Path abs = fixture.toAbsolutePath().normalize();
    if (!abs.startsWith(projectDir)) return abs.toString();
    return projectDir.relativize(abs).toString().replace(File.separatorChar, '/');
  }

  /** The file a ledger path names, absolute and normalized. */
  public Path resolve(String ledgerPath) {
    return projectDir
        .resolve(ledgerPath.replace('/', File.separatorChar))
        .toAbsolutePath()
        .normalize();
  }

  /**
   * The entries, sorted by test; empty when there is no ledger yet.
   *
   * @throws IOException when the file cannot be read or is not a ledger of this version
   */
  public List<TestUsage> read() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return parse(bytes);
  }

  /** Every fixture file the ledger names as used or recorded, absolute and normalized. */
  public Set<Path> referencedFiles() throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    for (TestUsage u : read()) {
      u.used().forEach(p -> files.add(resolve(p)));
      u.recorded().forEach(p -> files.add(resolve(p)));
    }
    return files;
  }

  /**
   * Adds entries, replacing earlier entries of the same tests (the latest run is the truth) and
   * keeping every other test's. A ledger that cannot be read is replaced: it is derived data, and
   * the next full test run rebuilds it.
   */
  public void merge(Collection<TestUsage> usages) throws IOException {
    if (usages.isEmpty()) return;
    Files.createDirectories(file.getParent());
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = lock(channel);
      try {
        mergeLocked(usages);
      } finally {
        lock.release();
      }
    }
  }

  private void mergeLocked(Collection<TestUsage> usages) throws IOException {
    Map<String, TestUsage> byTest = new TreeMap<>();
    List<TestUsage> current;
    try {
      current = read();
    } catch (IOException e) {
      current = List.of();
    }
    for (TestUsage u : current) byTest.put(u.test(), u);
    for (TestUsage u : usages) byTest.put(u.test(), u);
    FixtureWriter.writeNonFixture(file, serialize(byTest.values()));
  }

  /**
   * Waits for the lock. The OS lock keeps other processes out; within this JVM a second channel on
   * the same file gets {@link OverlappingFileLockException} instead of waiting (another ledger
   * instance, say a nested test engine, holds it), so that case is retried.
   */
  private FileLock lock(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + LOCK_TIMEOUT_MILLIS * 1_000_000;
    while (true) {
      try {
        return channel.lock();
      } catch (OverlappingFileLockException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("timed out waiting for the lock on " + file, e);
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted waiting for the lock on " + file, ie);
        }
      }
    }
  }

  private List<TestUsage> parse(byte[] bytes) throws IOException {
    JsonNode root;
    try {
      root = Json.parse(bytes);
    } catch (JsonProcessingException e) {
      com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw new IOException(file + where + ": invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) throw invalid("expected a JSON object");
    JsonNode version = root.get("version");
    if (version == null || !version.isInt() || version.intValue() != VERSION) {
      throw new IOException(
          file
              + ": unsupported usage ledger version "
              + version
              + " (this llm-replay reads version "
              + VERSION
              + ")");
    }
    JsonNode tests = root.get("tests");
    if (tests == null || !tests.isArray()) throw invalid("\"tests\" must be an array");
    List<TestUsage> out = new ArrayList<>();
    for (JsonNode t : tests) {
      JsonNode name = t.get("test");
      if (name == null || !name.isTextual()) throw invalid("an entry has no \"test\" name");
      out.add(TestUsage.of(name.asText(), strings(t, "used"), strings(t, "recorded")));
    }
    out.sort((a, b) -> a.test().compareTo(b.test()));
    return List.copyOf(out);
  }

  private List<String> strings(JsonNode entry, String field) throws IOException {
    JsonNode array = entry.get(field);
    if (array == null || array.isNull()) return List.of();
    if (!array.isArray())
      throw invalid("\"" + field + "\" of " + entry.get("test") + " must be an array");
    List<String> out = new ArrayList<>();
    for (JsonNode p : array) {
      if (!p.isTextual())
        throw invalid("\"" + field + "\" of " + entry.get("test") + " holds a non-string");
      out.add(p.asText());
    }
    return out;
  }

  private IOException invalid(String why) {
    return new IOException(file + ": not a usage ledger (" + why + ")");
  }

  private static byte[] serialize(Collection<TestUsage> usages) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode root = nodes.objectNode();
    root.put("version", VERSION);
    ArrayNode tests = root.putArray("tests");
    for (TestUsage u : usages) {
      ObjectNode t = tests.addObject();
      t.put("test", u.test());
      u.used().forEach(t.putArray("used")::add);
      u.recorded().forEach(t.putArray("recorded")::add);
    }
    return FixtureCodec.serialize(root);
  }

  @Override
  public String toString() {
    return "UsageLedger(" + file + ")";
  }
}
