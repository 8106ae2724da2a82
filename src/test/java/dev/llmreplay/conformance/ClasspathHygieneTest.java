package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.Versioned;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;

/**
 * The test classpath, with all three SDKs on it, holds one copy of OkHttp, Okio, Kotlin and
 * Jackson, each at the version the build chose (OkHttp 4.12 by default, 5.x under {@code
 * -Pokhttp5}).
 */
class ClasspathHygieneTest {
  static List<URL> copies(String resource) throws IOException {
    return Collections.list(ClasspathHygieneTest.class.getClassLoader().getResources(resource));
  }

  static String expected(String what) {
    String v = System.getProperty("llmreplay." + what + ".version");
    assertThat(v).as("system property llmreplay.%s.version (set by surefire)", what).isNotBlank();
    return v;
  }

  @Test
  void exactlyOneCopyOfOkHttpAtTheBuildsVersion() throws Exception {
    assertThat(copies("okhttp3/OkHttpClient.class")).hasSize(1);
    assertThat(copies("okhttp3/Interceptor.class")).hasSize(1);
    assertThat(copies("okhttp3/mockwebserver/MockWebServer.class")).hasSize(1);
    // Read at run time: javac would inline the constant from whichever OkHttp it compiled against.
    assertThat(OkHttp.class.getField("VERSION").get(null)).isEqualTo(expected("okhttp"));
    // The SDKs' OkHttp transports load the same class as llm-replay's interceptor.
    assertThat(
            com.openai.client.okhttp.OpenAIOkHttpClient.class
                .getClassLoader()
                .loadClass("okhttp3.OkHttpClient"))
        .isSameAs(okhttp3.OkHttpClient.class);
  }

  @Test
  void exactlyOneCopyOfOkio() throws IOException {
    assertThat(copies("okio/Buffer.class")).hasSize(1);
    assertThat(copies("okio/BufferedSource.class")).hasSize(1);
  }

  @Test
  void oneKotlinWithReflectAtTheSameVersionAsTheStdlib() throws IOException {
    assertThat(copies("kotlin/Unit.class")).hasSize(1);
    assertThat(copies("kotlin/reflect/full/KClasses.class")).hasSize(1);
    assertThat(kotlin.KotlinVersion.CURRENT.toString()).isEqualTo(expected("kotlin"));
    // kotlin-reflect's manifest says e.g. "2.1.21-release-317".
    assertThat(implementationVersion(copies("kotlin/reflect/full/KClasses.class").get(0)))
        .matches(java.util.regex.Pattern.quote(expected("kotlin")) + "(-.*)?");
  }

  @Test
  void everyJacksonModuleIsOneCopyAtOneVersion() throws IOException {
    String version = expected("jackson");
    List<Versioned> modules =
        List.of(
            new com.fasterxml.jackson.core.json.PackageVersion(),
            new com.fasterxml.jackson.databind.cfg.PackageVersion(),
            new com.fasterxml.jackson.datatype.jdk8.PackageVersion(),
            new com.fasterxml.jackson.datatype.jsr310.PackageVersion(),
            new com.fasterxml.jackson.module.kotlin.PackageVersion());
    List<String> versions = new ArrayList<>();
    for (Versioned m : modules) versions.add(m.version().toString());
    assertThat(versions).containsOnly(version);
    assertThat(copies("com/fasterxml/jackson/databind/ObjectMapper.class")).hasSize(1);
    assertThat(copies("com/fasterxml/jackson/core/JsonParser.class")).hasSize(1);
    assertThat(copies("com/fasterxml/jackson/annotation/JsonProperty.class")).hasSize(1);
    assertThat(copies("com/fasterxml/jackson/module/kotlin/KotlinModule.class")).hasSize(1);
  }

  /** The {@code Implementation-Version} of the jar a resource URL points into. */
  static String implementationVersion(URL resource) throws IOException {
    String s = resource.toString();
    assertThat(s).startsWith("jar:file:");
    String jar = s.substring("jar:file:".length(), s.indexOf("!/"));
    try (JarFile file =
        new JarFile(java.net.URLDecoder.decode(jar, java.nio.charset.StandardCharsets.UTF_8))) {
      Manifest m = file.getManifest();
      return m.getMainAttributes().getValue("Implementation-Version");
    }
  }
}
