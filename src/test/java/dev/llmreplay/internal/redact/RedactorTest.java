package dev.llmreplay.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.Redactor;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Redactor settings, applied by their engine. */
class RedactorTest {
  private final Redactor redactor = Redactor.defaults();

  private static Redaction engine(Redactor redactor) {
    return Access.bridge().redaction(redactor);
  }

  private static Map<String, List<String>> headers(String... namesAndValues) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.computeIfAbsent(namesAndValues[i], k -> new ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return map;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization",
        "authorization",
        "AUTHORIZATION",
        "Proxy-Authorization",
        "proxy-authorization",
        "api-key",
        "Api-Key",
        "x-api-key",
        "X-API-KEY",
        "x-goog-api-key",
        "X-Goog-Api-Key",
        "Cookie",
        "cookie",
        "Set-Cookie",
        "set-cookie",
        "X-Amz-Security-Token",
        "x-amz-date",
        "X-Amz-Content-Sha256"
      })
  void defaultHeadersAreRedactedInAnyCase(String name) {
    Map<String, List<String>> in =
        headers("Content-Type", "application/json", name, "secret-value", "Accept", "*/*");

    Map<String, List<String>> request = engine(redactor).redactRequestHeaders(in);
    Map<String, List<String>> response = engine(redactor).redactResponseHeaders(in);

    Map<String, List<String>> expected =
        headers("Content-Type", "application/json", name, "[REDACTED]", "Accept", "*/*");
    assertThat(request).containsExactlyEntriesOf(expected);
    assertThat(response).containsExactlyEntriesOf(expected);
    assertThat(new ArrayList<>(request.keySet())).containsExactly("Content-Type", name, "Accept");
    assertThat(engine(redactor).isRedactedHeader(name)).isTrue();
    // the input map is untouched
    assertThat(in.get(name)).containsExactly("secret-value");
  }

  @Test
  void otherHeadersAreKept() {
    assertThat(engine(redactor).isRedactedHeader("Content-Type")).isFalse();
    assertThat(engine(redactor).isRedactedHeader("X-Request-Id")).isFalse();
    assertThat(engine(redactor).isRedactedHeader("Authorization-Info")).isFalse();
    assertThat(engine(redactor).isRedactedHeader(null)).isFalse();
  }

  @Test
  void multiValuedHeadersKeepTheirValueCount() {
    Map<String, List<String>> in =
        headers(
            "Set-Cookie", "__cf_bm=abc; path=/",
            "Set-Cookie", "_cfuvid=def; path=/",
            "Vary", "Origin",
            "Vary", "Accept-Encoding");

    Map<String, List<String>> out = engine(redactor).redactResponseHeaders(in);

    assertThat(out)
        .containsExactlyEntriesOf(
            headers(
                "Set-Cookie", "[REDACTED]",
                "Set-Cookie", "[REDACTED]",
                "Vary", "Origin",
                "Vary", "Accept-Encoding"));
    assertThat(in.get("Set-Cookie")).containsExactly("__cf_bm=abc; path=/", "_cfuvid=def; path=/");
  }

  @Test
  void resultIsANewUnmodifiableMap() {
    Map<String, List<String>> in = headers("Vary", "Origin");
    Map<String, List<String>> out = engine(redactor).redactRequestHeaders(in);
    in.get("Vary").add("Accept");

    assertThat(out).containsExactlyEntriesOf(headers("Vary", "Origin"));
    assertThatThrownBy(() -> out.put("X", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void customHeaderIsRedactedInRequestsAndResponses() {
    Redactor custom = Redactor.builder().redactHeader("X-Session-Token").build();
    Map<String, List<String>> in = headers("x-session-token", "s3cr3t", "X-Trace", "t1");

    assertThat(engine(custom).redactRequestHeaders(in))
        .containsExactlyEntriesOf(headers("x-session-token", "[REDACTED]", "X-Trace", "t1"));
    assertThat(engine(custom).redactResponseHeaders(in))
        .containsExactlyEntriesOf(headers("x-session-token", "[REDACTED]", "X-Trace", "t1"));
    assertThat(engine(custom).isRedactedHeader("X-SESSION-TOKEN")).isTrue();
    assertThat(engine(custom).isRedactedHeader("Authorization")).isTrue(); // defaults are kept
    assertThat(engine(redactor).isRedactedHeader("X-Session-Token")).isFalse();
    assertThat(engine(custom.newBuilder().build()).isRedactedHeader("x-session-token")).isTrue();
  }

  @Test
  void requestBodyFieldsAreRedactedInACopy() throws IOException {
    String original =
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"metadata\":{\"api_key\":\"abc123\",\"user\":\"u1\"},\"a/b\":\"x\",\"n\":1.5}";
    JsonNode body = Json.parse(original);
    Redactor r =
        Redactor.builder()
            .redactBodyField("/metadata/api_key")
            .redactBodyField("/messages/0/content")
            .redactBodyField("/a~1b")
            .redactBodyField("/not/there")
            .build();

    JsonNode out = engine(r).redactBody(body);

    assertThat(Json.compact(out))
        .isEqualTo(
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"[REDACTED]\"}],"
                + "\"metadata\":{\"api_key\":\"[REDACTED]\",\"user\":\"u1\"},"
                + "\"a/b\":\"[REDACTED]\",\"n\":1.5}");
    assertThat(Json.compact(body)).isEqualTo(original);
  }

  @Test
  void responseBodyFieldsAndWholeSubtreesAreRedacted() throws IOException {
    String original =
        "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"text\":\"ok\"}],"
            + "\"session\":{\"token\":{\"value\":\"t\",\"expires\":3}},\"tags\":[\"a\",\"b\"]}";
    JsonNode body = Json.parse(original);
    Redactor r =
        Redactor.builder().redactBodyField("/session/token").redactBodyField("/tags/1").build();

    JsonNode out = engine(r).redactBody(body);

    assertThat(Json.compact(out))
        .isEqualTo(
            "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"text\":\"ok\"}],"
                + "\"session\":{\"token\":\"[REDACTED]\"},\"tags\":[\"a\",\"[REDACTED]\"]}");
    assertThat(Json.compact(body)).isEqualTo(original);
  }

  @Test
  void bodyIsReturnedAsIsWhenNothingMatches() throws IOException {
    Redactor r = Redactor.builder().redactBodyField("/api_key").redactBodyField("/0").build();
    JsonNode absent = Json.parse("{\"model\":\"m\"}");
    JsonNode alreadyRedacted = Json.parse("{\"api_key\":\"[REDACTED]\"}");
    JsonNode array = Json.parse("[]");

    assertThat(engine(r).redactBody(absent)).isSameAs(absent);
    assertThat(engine(r).redactBody(alreadyRedacted)).isSameAs(alreadyRedacted);
    assertThat(engine(r).redactBody(array)).isSameAs(array);
    assertThat(engine(r).redactBody(null)).isNull();
    assertThat(Json.compact(engine(r).redactBody(Json.parse("[\"x\",\"y\"]"))))
        .isEqualTo("[\"[REDACTED]\",\"y\"]");
  }

  @Test
  void malformedBodyPointersAreRejectedWhenBuilding() {
    Redactor.Builder b = Redactor.builder();
    assertThatThrownBy(() -> b.redactBodyField("metadata/api_key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON pointer must be empty or start with '/': \"metadata/api_key\"");
    assertThatThrownBy(() -> b.redactBodyField("/a~2b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON pointer has '~' not followed by '0' or '1' at index 2: \"/a~2b\"");
    assertThatThrownBy(() -> b.redactBodyField("/a~"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON pointer has '~' not followed by '0' or '1' at index 2: \"/a~\"");
    assertThatThrownBy(() -> b.redactBodyField(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "JSON pointer \"\" is the whole body; name a field inside it, e.g. \"/api_key\"");
    assertThatThrownBy(() -> b.redactHeader(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header name must not be blank: \" \"");
  }

  @Test
  void googleKeyInQueryIsRedactedAndTheRestOfTheUrlKept() {
    String url =
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:"
            + "streamGenerateContent?alt=sse&key=AIzaSyFAKE-fake_FAKE0123456789abcdefgh&x=%2F+1";

    assertThat(engine(redactor).redactUrl(url))
        .isEqualTo(
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:"
                + "streamGenerateContent?alt=sse&key=REDACTED&x=%2F+1");
  }

  @Test
  void everyDefaultQueryParameterIsRedacted() {
    String url =
        "http://h:8080/p;m=1?Key=a&api_key=b&API-KEY=c&access_token=d&token=e&monkey=f"
            + "&tokens=g&api%5Fkey=h&=i&key=&key&token=j#frag?key=k";

    assertThat(engine(redactor).redactUrl(url))
        .isEqualTo(
            "http://h:8080/p;m=1?Key=REDACTED&api_key=REDACTED&API-KEY=REDACTED"
                + "&access_token=REDACTED&token=REDACTED&monkey=f&tokens=g&api%5Fkey=REDACTED"
                + "&=i&key=&key&token=REDACTED#frag?key=k");
  }

  @Test
  void customQueryParameterAndUrlPassword() {
    Redactor r = Redactor.builder().redactQueryParam("sig").build();

    assertThat(engine(r).redactUrl("https://user:pa55@proxy.example:3128/v1/x?sig=s1&key=k1&v=2"))
        .isEqualTo("https://user:REDACTED@proxy.example:3128/v1/x?sig=REDACTED&key=REDACTED&v=2");
    assertThat(engine(r).redactUrl("https://user@host/a?b=@c:d"))
        .isEqualTo("https://user@host/a?b=@c:d");
    assertThat(engine(redactor).redactUrl("https://host/a?sig=s1"))
        .isEqualTo("https://host/a?sig=s1");
  }

  @Test
  void urlWithoutSecretsIsReturnedAsIs() {
    String url = "http://localhost:11434/v1/chat/completions?stream=true&model=llama3.2:3b";
    assertThat(engine(redactor).redactUrl(url)).isSameAs(url);
    String noQuery = "https://api.openai.com/v1/chat/completions";
    assertThat(engine(redactor).redactUrl(noQuery)).isSameAs(noQuery);
    assertThat(engine(redactor).redactUrl("https://h/a?")).isEqualTo("https://h/a?");
  }

  @Test
  void toStringListsWhatIsRedacted() {
    assertThat(Redactor.builder().redactBodyField("/user").redactQueryParam("Sig").build())
        .hasToString(
            "Redactor{headers=[api-key, authorization, cookie, proxy-authorization, set-cookie,"
                + " x-amz-content-sha256, x-amz-date, x-amz-security-token, x-api-key,"
                + " x-goog-api-key], bodyFields=[/user],"
                + " queryParams=[access_token, api-key, api_key, key, sig, token]}");
  }
}
