package dev.llmreplay.structure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The module descriptor (src/main/module/module-info.java) exports exactly the API packages, keeps
 * the optional dependencies optional, and resolves: the command line runs on the module path.
 */
class ModuleDescriptorTest {
  static final Set<String> API_PACKAGES =
      Set.of(
          "dev.llmreplay", "dev.llmreplay.junit", "dev.llmreplay.server", "dev.llmreplay.adapters");

  static ModuleDescriptor descriptor() throws IOException {
    try (InputStream in = Files.newInputStream(ClassFiles.root().resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void exportsExactlyTheApiPackagesToEveryone() throws IOException {
    ModuleDescriptor module = descriptor();
    assertThat(module.name()).isEqualTo("dev.llmreplay");
    assertThat(module.exports())
        .allSatisfy(e -> assertThat(e.isQualified()).as(e.source() + " exported to all").isFalse())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrderElementsOf(API_PACKAGES);
    // Reflection into internals only for the one library that needs it.
    assertThat(module.opens())
        .allSatisfy(o -> assertThat(o.isQualified()).as(o.source() + " opened to all").isTrue());
    assertThat(module.isOpen()).isFalse();
  }

  @Test
  void everyPackageOutsideInternalIsExported() throws IOException {
    Set<String> packages = new TreeSet<>(descriptor().packages());
    packages.removeIf(p -> p.startsWith("dev.llmreplay.internal"));
    // A new public package (dev.llmreplay.spring) must be exported, and the API dump extended.
    assertThat(packages).containsExactlyInAnyOrderElementsOf(API_PACKAGES);
  }

  @Test
  void theSdksPicocliAndJunitStayOptional() throws IOException {
    Set<String> optional =
        descriptor().requires().stream()
            .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
            .map(ModuleDescriptor.Requires::name)
            .collect(Collectors.toSet());
    assertThat(optional)
        .contains(
            "info.picocli",
            "org.junit.jupiter.api",
            "com.anthropic.core",
            "langchain4j.core",
            "langchain4j.http.client");
    Set<String> required =
        descriptor().requires().stream()
            .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
            .map(ModuleDescriptor.Requires::name)
            .collect(Collectors.toSet());
    assertThat(required)
        .containsExactlyInAnyOrder(
            "java.base",
            "okhttp3",
            "okio",
            "com.fasterxml.jackson.databind",
            "io.github.javadiffutils",
            "jdk.httpserver");
  }

  /** Where the class was loaded from (a jar, or a directory of classes). */
  static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theCommandLineRunsOnTheModulePath() throws Exception {
    // The library and what its required modules need, found by one class of each; kotlin.Unit is
    // OkHttp's and Okio's language runtime. The okio stub jar of OkHttp 4 is left out, as a module
    // path user must: it would be a second module named okio.
    List<Path> jars = new ArrayList<>();
    jars.add(ClassFiles.root());
    for (Class<?> anchor :
        List.of(
            OkHttpClient.class,
            Buffer.class,
            kotlin.Unit.class,
            ObjectMapper.class,
            JsonFactory.class,
            JsonProperty.class,
            DiffUtils.class,
            CommandLine.class)) {
      Path jar = locationOf(anchor);
      if (!jars.contains(jar)) jars.add(jar);
    }
    Configuration resolved =
        ModuleLayer.boot()
            .configuration()
            .resolve(
                ModuleFinder.of(jars.toArray(Path[]::new)),
                ModuleFinder.of(),
                Set.of("dev.llmreplay", "info.picocli"));
    assertThat(resolved.findModule("dev.llmreplay")).isPresent();
    String modulePath =
        resolved.modules().stream()
            .map(ResolvedModule::reference)
            .map(r -> Path.of(r.location().orElseThrow()).toString())
            .collect(Collectors.joining(java.io.File.pathSeparator));

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "--module-path",
                modulePath,
                // picocli is an optional (static) requirement: the command line names it.
                "--add-modules",
                "info.picocli",
                "--module",
                "dev.llmreplay/dev.llmreplay.internal.cli.Main",
                "verify",
                Path.of("recordings").toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("1 fixture file in").contains("no problems");
  }
}
