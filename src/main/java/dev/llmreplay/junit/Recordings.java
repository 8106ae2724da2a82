package dev.llmreplay.junit;

import dev.llmreplay.FixtureListener;
import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.Mode;
import dev.llmreplay.RequestKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a test did with its recordings so far: the requests it sent, the fixture files that answered
 * them, the files it recorded, the requests that found none. Inject it next to the client to assert
 * on the traffic:
 *
 * <pre>{@code
 * @Test
 * void summarizes(OkHttpClient client, Recordings recordings) {
 *   ...
 *   assertThat(recordings.requests()).singleElement()
 *       .satisfies(r -> assertThat(r.body().get("model").asText()).isEqualTo("gpt-4o-mini"));
 * }
 * }</pre>
 *
 * <p>Calls through the injected {@code OkHttpClient}, {@code RecordReplayInterceptor} and {@code
 * ReplayServer} all count; a call recorded through the server counts once the server has written
 * its fixture, which may be a moment after the client has read the whole response. Thread-safe;
 * each method returns a snapshot.
 */
public final class Recordings {
  private final Mode mode;
  private final Path directory;
  private final List<Path> searchPath;
  private final List<RequestKey> requests = new ArrayList<>();
  private final Set<Path> used = new LinkedHashSet<>();
  private final Set<Path> recorded = new LinkedHashSet<>();
  private final List<FixtureNotFoundException> misses = new ArrayList<>();

  Recordings(Mode mode, Path directory, List<Path> fallbacks) {
    this.mode = mode;
    this.directory = directory;
    List<Path> path = new ArrayList<>();
    path.add(directory);
    path.addAll(fallbacks);
    this.searchPath = List.copyOf(path);
  }

  /** The mode the test runs in. */
  public Mode mode() {
    return mode;
  }

  /** The test's own directory: searched first, and where new fixtures are recorded. */
  public Path directory() {
    return directory;
  }

  /**
   * Where fixtures are looked for, in order: {@link #directory()}, then each directory above it up
   * to the root.
   */
  public List<Path> searchPath() {
    return searchPath;
  }

  /**
   * The requests sent so far, as keyed (method, endpoint, normalized body), in the order their
   * outcome was known: a replayed or missed request when it was sent, a recorded one when its
   * response ended. Empty in {@link Mode#LIVE}, where nothing is keyed.
   */
  public synchronized List<RequestKey> requests() {
    return List.copyOf(requests);
  }

  /** The fixture files that answered requests (each once, in order of first use). */
  public synchronized List<Path> used() {
    return List.copyOf(used);
  }

  /** The fixture files recorded (each once, in order). */
  public synchronized List<Path> recorded() {
    return List.copyOf(recorded);
  }

  /** The requests that found no fixture in {@link Mode#REPLAY}. */
  public synchronized List<RequestKey> missed() {
    return misses.stream()
        .map(FixtureNotFoundException::key)
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * The fixture files in {@link #directory()} (not its subdirectories) that were neither used nor
   * recorded so far, sorted.
   */
  public List<Path> unused() {
    Set<Path> touched;
    synchronized (this) {
      touched = new LinkedHashSet<>(used);
      touched.addAll(recorded);
    }
    if (!Files.isDirectory(directory)) return List.of();
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(Files::isRegularFile)
          .map(p -> p.toAbsolutePath().normalize())
          .filter(p -> !touched.contains(p))
          .sorted()
          .collect(Collectors.toUnmodifiableList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  /** The misses with their reports. */
  synchronized List<FixtureNotFoundException> misses() {
    return List.copyOf(misses);
  }

  /** Feeds this handle; given to every interceptor of the test. */
  FixtureListener listener() {
    return new FixtureListener() {
      @Override
      public void replayed(RequestKey key, Path file) {
        synchronized (Recordings.this) {
          requests.add(key);
          used.add(file.toAbsolutePath().normalize());
        }
      }

      @Override
      public void recorded(RequestKey key, Path file) {
        synchronized (Recordings.this) {
          requests.add(key);
          recorded.add(file.toAbsolutePath().normalize());
        }
      }

      @Override
      public void missed(FixtureNotFoundException miss) {
        synchronized (Recordings.this) {
          requests.add(miss.key());
          misses.add(miss);
        }
      }
    };
  }

  @Override
  public synchronized String toString() {
    return "Recordings("
        + directory
        + ", "
        + mode.id()
        + ", requests="
        + requests.size()
        + ", used="
        + used.size()
        + ", recorded="
        + recorded.size()
        + ", missed="
        + misses.size()
        + ")";
  }
}
