package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.junit.LlmReplay;
import dev.llmreplay.junit.LlmReplayExtension;
import dev.llmreplay.server.ReplayServer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every option of the interceptor's builder exists, under the same name and types, in the settings
 * value that is its one home, in the extension's builder and in the server's builder; the
 * annotation carries those a string or a boolean can say. A new option added to one front end only
 * fails here.
 */
class OptionParityTest {
  /** The extension keeps a root of per-test directories, so its recordings option is named dir. */
  static final Map<String, String> EXTENSION_NAMES = Map.of("recordings", "dir");

  /** Conveniences over an option rather than options: not repeated elsewhere. */
  static final Set<String> NOT_OPTIONS = Set.of("build", "addListener");

  /** The interceptor builder's options, as {@code name(ParamType, ...)}. */
  static Set<String> options(Class<?> builder, Map<String, String> rename) {
    return Arrays.stream(builder.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> !NOT_OPTIONS.contains(m.getName()))
        .map(m -> signature(rename.getOrDefault(m.getName(), m.getName()), m))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static String signature(String name, Method m) {
    return name
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  static Set<String> publicMethods(Class<?> type) {
    return Arrays.stream(type.getMethods())
        .map(m -> signature(m.getName(), m))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theInterceptorsOptionsAreTheSettingsValuesAndEveryFrontEndHasThem() {
    Set<String> interceptor = options(RecordReplayInterceptor.Builder.class, Map.of());
    assertThat(interceptor)
        .containsExactly(
            "faults(Faults)",
            "faults(String)",
            "ignoreBodyFields(String[])",
            "keyRules(KeyRules)",
            "listener(FixtureListener)",
            "mode(Mode)",
            "normalizeVolatileFields(boolean)",
            "pacing(Pacing)",
            "recordFailures(boolean)",
            "recordings(Path)",
            "redactor(Redactor)",
            "secretScanner(SecretScanner)");

    // The one home: each builder option delegates to the settings value's builder.
    Set<String> settings = publicMethods(ReplaySettings.Builder.class);
    for (String option : interceptor) {
      if (option.equals("faults(String)")) continue; // parsed by the front end, then faults(Faults)
      assertThat(settings)
          .contains(option.replace("ignoreBodyFields(String[])", "ignoreBodyFields(List)"));
    }
    assertThat(publicMethods(ReplayServer.Builder.class)).containsAll(interceptor);
    assertThat(publicMethods(LlmReplayExtension.Builder.class))
        .containsAll(options(RecordReplayInterceptor.Builder.class, EXTENSION_NAMES));
  }

  @Test
  void theAnnotationCarriesTheOptionsAStringOrABooleanCanSay() {
    List<String> attributes =
        Arrays.stream(LlmReplay.class.getDeclaredMethods()).map(Method::getName).toList();
    assertThat(attributes)
        .contains("mode", "dir", "pacing", "ignoreBodyFields", "normalizeVolatileFields");
  }
}
