package dev.llmreplay.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dependencies flow one way between packages. The rule, checked over the compiled main classes
 * (every class a class file names, in descriptors and signatures too):
 *
 * <ul>
 *   <li>every package under {@code dev.llmreplay.internal} counts as one unit; every top-level type
 *       of an API package ({@code dev.llmreplay}, {@code .junit}, {@code .server}, {@code
 *       .adapters}) counts as a unit of its own, its nested types with it;
 *   <li>no cycle of units may leave a package: no two internal packages depend on each other,
 *       directly or through other units, and an API type that internals use (a value type such as
 *       {@code RequestKey} or {@code KeyRules}) must not itself depend, even indirectly, on an
 *       internal package that uses it. So internals may use API value types, while the API front
 *       ends ({@code RecordReplayInterceptor}, {@code ReplayServer}, ...) sit on top of the
 *       internals and nothing internal reaches back up to them unless that closes no cycle;
 *   <li>cycles among the types of one API package are allowed (a type and its builder, the
 *       interceptor and its recorder).
 * </ul>
 */
class PackageCyclesTest {

  @Test
  void noCycleLeavesAPackage() {
    List<String> cycles = DependencyGraph.of(ClassFiles.root()).cyclesAcrossPackages();
    assertThat(cycles)
        .as(
            "package cycles (break each by moving the code to the package it belongs to):\n%s",
            String.join("\n\n", cycles))
        .isEmpty();
  }

  @Test
  void theClassesAreRead() {
    Map<String, Set<String>> edges = DependencyGraph.of(ClassFiles.root()).edges();
    // The interceptor is a shell over the replay facade: an edge the check must see.
    assertThat(edges.get("dev.llmreplay.RecordReplayInterceptor"))
        .contains("dev.llmreplay.internal.replay");
    assertThat(edges.keySet()).contains("dev.llmreplay.internal.stream", "dev.llmreplay.Mode");
  }

  @Test
  void aCycleBetweenInternalPackagesIsNamedWithTheReferencesThatMakeIt() {
    DependencyGraph g =
        DependencyGraph.of(
            Map.of(
                "dev.llmreplay.internal.fixture.FixtureStore",
                Set.of("dev.llmreplay.internal.key.Keys"),
                "dev.llmreplay.internal.key.Keys",
                Set.of("dev.llmreplay.internal.fixture.RecordedRequest"),
                "dev.llmreplay.internal.stream.SseParser",
                Set.of("dev.llmreplay.internal.fixture.Body")));
    assertThat(g.cyclesAcrossPackages())
        .singleElement()
        .asString()
        .contains("internal.fixture -> internal.key")
        .contains("internal.fixture.FixtureStore uses internal.key.Keys")
        .contains("internal.key -> internal.fixture")
        .contains("internal.key.Keys uses internal.fixture.RecordedRequest")
        .doesNotContain("stream");
  }

  @Test
  void aCycleThroughAnApiValueTypeIsACycle() {
    DependencyGraph g =
        DependencyGraph.of(
            Map.of(
                "dev.llmreplay.internal.fixture.FixtureStore",
                Set.of("dev.llmreplay.RequestKey"),
                "dev.llmreplay.RequestKey",
                Set.of("dev.llmreplay.internal.key.PythonJson"),
                "dev.llmreplay.internal.key.PythonJson",
                Set.of("dev.llmreplay.internal.fixture.Body$Kind")));
    assertThat(g.cyclesAcrossPackages())
        .singleElement()
        .asString()
        .contains("RequestKey -> internal.key")
        .contains("internal.key.PythonJson uses internal.fixture.Body$Kind");
  }

  @Test
  void internalsMayUseApiValueTypesAndTypesOfOnePackageMayUseEachOther() {
    DependencyGraph g =
        DependencyGraph.of(
            Map.of(
                "dev.llmreplay.RecordReplayInterceptor",
                Set.of("dev.llmreplay.internal.fixture.FixtureStore", "dev.llmreplay.LiveRecorder"),
                "dev.llmreplay.LiveRecorder",
                Set.of("dev.llmreplay.RecordReplayInterceptor$Builder"),
                "dev.llmreplay.internal.fixture.FixtureStore",
                Set.of("dev.llmreplay.RequestKey", "dev.llmreplay.KeyRules$Builder")));
    assertThat(g.cyclesAcrossPackages()).isEmpty();
  }
}
