package dev.llmreplay.internal.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.fixture.VolatileFields;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.key.Endpoints;
import dev.llmreplay.internal.stream.StreamEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What changed, in substance, between two recordings of one fixture, aspect by aspect (see {@link
 * Aspect}). Volatile values (ids, {@code created}, fingerprints, request-id and rate-limit headers,
 * event timing, when it was recorded) are ignored throughout: a fixture that differs only in them
 * is not changed.
 *
 * <p>When none of the named aspects changed but the responses still differ, the change is {@link
 * Aspect#OTHER_VALUES}: the field paths (or event parts) whose values differ.
 */
public final class FixtureChange {
  private final String path;
  private final String request;
  private final String statusBefore;
  private final String statusAfter;
  private final AssembledResponse before;
  private final AssembledResponse after;
  private final List<String> fieldsAdded;
  private final List<String> fieldsGone;
  private final List<String> headersAdded;
  private final List<String> headersGone;
  private final int responsesBefore;
  private final int responsesAfter;
  private final int eventsBefore;
  private final int eventsAfter;
  private final List<String> otherPaths;
  private final Set<Aspect> changed;

  private FixtureChange(String path, Fixture a, Fixture b) {
    this.path = path;
    this.request = describe(b.request());
    this.statusBefore = statuses(a);
    this.statusAfter = statuses(b);
    this.before = assemble(a);
    this.after = assemble(b);
    SortedSet<String> pathsA = fieldPaths(a);
    SortedSet<String> pathsB = fieldPaths(b);
    this.fieldsAdded = FieldPaths.minus(pathsB, pathsA);
    this.fieldsGone = FieldPaths.minus(pathsA, pathsB);
    SortedSet<String> headersA = headerNames(a);
    SortedSet<String> headersB = headerNames(b);
    this.headersAdded = new ArrayList<>(minus(headersB, headersA));
    this.headersGone = new ArrayList<>(minus(headersA, headersB));
    this.responsesBefore = a.responses().size();
    this.responsesAfter = b.responses().size();
    this.eventsBefore = events(a);
    this.eventsAfter = events(b);
    EnumSet<Aspect> named = EnumSet.noneOf(Aspect.class);
    for (Aspect aspect : Aspect.values()) {
      if (aspect != Aspect.OTHER_VALUES && differs(aspect)) named.add(aspect);
    }
    this.otherPaths = named.isEmpty() ? otherDifferences(a, b) : List.of();
    if (!otherPaths.isEmpty()) named.add(Aspect.OTHER_VALUES);
    this.changed = Collections.unmodifiableSet(named);
  }

  private boolean differs(Aspect aspect) {
    return switch (aspect) {
      case STATUS -> !statusBefore.equals(statusAfter);
      case RESPONSES -> responsesBefore != responsesAfter;
      case TEXT -> !before.text().equals(after.text());
      case TOOL_CALLS -> !before.toolCalls().equals(after.toolCalls());
      case FINISH_REASON -> !Objects.equals(before.finishReason(), after.finishReason());
      case USAGE -> !usageChanges().isEmpty();
      case FIELDS -> !fieldsAdded.isEmpty() || !fieldsGone.isEmpty();
      case HEADERS -> !headersAdded.isEmpty() || !headersGone.isEmpty();
      case EVENTS -> eventsBefore != eventsAfter;
      case OTHER_VALUES -> !otherPaths.isEmpty();
    };
  }

  /**
   * The substantive change between two versions of a fixture.
   *
   * @param path how the fixture is named in reports
   */
  public static FixtureChange between(String path, Fixture before, Fixture after) {
    return new FixtureChange(
        Objects.requireNonNull(path, "path"),
        Objects.requireNonNull(before, "before"),
        Objects.requireNonNull(after, "after"));
  }

  /** A one-line description of a fixture's request: method, endpoint and model. */
  public static String describe(RecordedRequest r) {
    String endpoint = r.endpoint() != null ? r.endpoint() : Endpoints.pathOfUrl(r.url());
    return r.method() + " " + endpoint + (r.model() != null ? ", " + r.model() : "");
  }

  /** Whether anything but volatile values changed. */
  public boolean isChanged() {
    return !changed.isEmpty();
  }

  /** The aspects that changed, in {@link Aspect} order. */
  public Set<Aspect> changedAspects() {
    return changed;
  }

  /** Whether one aspect changed. */
  public boolean changed(Aspect aspect) {
    return changed.contains(aspect);
  }

  /** The fixture's name in the report. */
  public String path() {
    return path;
  }

  /** The request, as {@link #describe} puts it. */
  public String request() {
    return request;
  }

  /** The response status before (several responses: comma-separated). */
  public String statusBefore() {
    return statusBefore;
  }

  public String statusAfter() {
    return statusAfter;
  }

  /** The assembled response before. */
  public AssembledResponse before() {
    return before;
  }

  /** The assembled response after. */
  public AssembledResponse after() {
    return after;
  }

  /** Token counts that differ, by name ({@code input}, {@code output}, {@code total}). */
  public Map<String, TokenChange> usageChanges() {
    Map<String, TokenChange> out = new LinkedHashMap<>();
    for (String k : before.usage().keySet()) addUsage(out, k);
    for (String k : after.usage().keySet()) addUsage(out, k);
    return out;
  }

  private void addUsage(Map<String, TokenChange> out, String k) {
    Long a = before.usage().get(k);
    Long b = after.usage().get(k);
    if (!Objects.equals(a, b)) out.putIfAbsent(k, new TokenChange(a, b));
  }

  /**
   * One token count before and after.
   *
   * @param before null when not reported before
   * @param after null when not reported now
   */
  public record TokenChange(Long before, Long after) {}

  /** Response field paths present now but not before (outermost only). */
  public List<String> fieldsAdded() {
    return List.copyOf(fieldsAdded);
  }

  /** Response field paths present before but gone now (outermost only). */
  public List<String> fieldsGone() {
    return List.copyOf(fieldsGone);
  }

  /** Response header names (not volatile ones) present now but not before. */
  public List<String> headersAdded() {
    return List.copyOf(headersAdded);
  }

  public List<String> headersGone() {
    return List.copyOf(headersGone);
  }

  public int responsesBefore() {
    return responsesBefore;
  }

  public int responsesAfter() {
    return responsesAfter;
  }

  /** Stream events before (all responses); 0 when not streamed. */
  public int eventsBefore() {
    return eventsBefore;
  }

  public int eventsAfter() {
    return eventsAfter;
  }

  /**
   * When no named aspect changed: the field paths (or {@code header NAME}, {@code body}) whose
   * values differ. Empty otherwise.
   */
  public List<String> otherPaths() {
    return otherPaths;
  }

  // ---------------------------------------------------------------- computing

  private static String statuses(Fixture f) {
    List<String> s = new ArrayList<>();
    for (RecordedResponse r : f.responses()) s.add(String.valueOf(r.status()));
    return String.join(",", s);
  }

  private static AssembledResponse assemble(Fixture f) {
    if (f.responses().size() == 1) return AssembledResponse.of(f.responses().get(0));
    // Several responses: one view of all of them, in recorded order.
    List<String> texts = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    List<String> finish = new ArrayList<>();
    Map<String, Long> usage = new LinkedHashMap<>();
    for (RecordedResponse r : f.responses()) {
      AssembledResponse a = AssembledResponse.of(r);
      texts.add(a.text());
      calls.addAll(a.toolCalls());
      if (a.finishReason() != null) finish.add(a.finishReason());
      a.usage().forEach((k, v) -> usage.merge(k, v, Long::sum));
    }
    return AssembledResponse.combined(
        String.join("\n\n", texts),
        calls,
        finish.isEmpty() ? null : String.join(",", finish),
        usage);
  }

  private static SortedSet<String> fieldPaths(Fixture f) {
    SortedSet<String> all = new TreeSet<>();
    for (RecordedResponse r : f.responses()) all.addAll(FieldPaths.of(r));
    return all;
  }

  private static SortedSet<String> headerNames(Fixture f) {
    SortedSet<String> names = new TreeSet<>();
    for (RecordedResponse r : f.responses()) {
      for (String name : r.headers().asMap().keySet()) {
        if (!VolatileFields.isVolatileHeader(name)) names.add(name);
      }
    }
    return names;
  }

  private static SortedSet<String> minus(SortedSet<String> a, SortedSet<String> b) {
    SortedSet<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static int events(Fixture f) {
    int n = 0;
    for (RecordedResponse r : f.responses()) n += r.events().size();
    return n;
  }

  private static List<String> otherDifferences(Fixture a, Fixture b) {
    SortedSet<String> out = new TreeSet<>();
    for (int i = 0; i < a.responses().size(); i++) {
      RecordedResponse ra = a.responses().get(i);
      RecordedResponse rb = b.responses().get(i);
      for (Map.Entry<String, List<String>> h : ra.headers().asMap().entrySet()) {
        if (!VolatileFields.isVolatileHeader(h.getKey())
            && !h.getValue().equals(rb.headers().asMap().get(h.getKey()))) {
          out.add("header " + h.getKey());
        }
      }
      if (ra.isStreaming() != rb.isStreaming() || ra.streamFormat() != rb.streamFormat()) {
        out.add("stream format");
        continue;
      }
      if (ra.isStreaming()) {
        if (ra.events().size() != rb.events().size()) out.add("stream events");
        for (int e = 0; e < Math.min(ra.events().size(), rb.events().size()); e++) {
          diffEvent(ra.events().get(e), rb.events().get(e), out);
        }
      } else {
        diffBody(ra.body(), rb.body(), out);
      }
    }
    return List.copyOf(out);
  }

  private static void diffEvent(StreamEvent a, StreamEvent b, SortedSet<String> out) {
    if (!Objects.equals(a.event(), b.event())) out.add("event names");
    if (!Objects.equals(a.comment(), b.comment())) out.add("event comments");
    if (!Objects.equals(a.retry(), b.retry())) out.add("event retry");
    // SSE event ids are as volatile as JSON ids; timing (t_ms) is never compared.
    if (Objects.equals(a.data(), b.data())) return;
    JsonNode ja = a.data() == null ? null : Json.tryParseStructure(a.data());
    JsonNode jb = b.data() == null ? null : Json.tryParseStructure(b.data());
    if (ja != null && jb != null) {
      diffJson(VolatileFields.strip(ja), VolatileFields.strip(jb), "", out);
    } else {
      out.add("event data");
    }
  }

  private static void diffBody(Body a, Body b, SortedSet<String> out) {
    if (a.kind() == Body.Kind.JSON && b.kind() == Body.Kind.JSON) {
      diffJson(VolatileFields.strip(a.json()), VolatileFields.strip(b.json()), "", out);
    } else if (!a.equals(b)) {
      out.add("body");
    }
  }

  private static void diffJson(JsonNode a, JsonNode b, String path, SortedSet<String> out) {
    if (a.equals(b)) return;
    if (a.isObject() && b.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        JsonNode ca = a.get(k);
        JsonNode cb = b.get(k);
        String p = path.isEmpty() ? k : path + "." + k;
        if (ca == null || cb == null) {
          out.add(p);
        } else {
          diffJson(ca, cb, p, out);
        }
      }
    } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
      Iterator<JsonNode> ia = a.elements();
      Iterator<JsonNode> ib = b.elements();
      while (ia.hasNext()) diffJson(ia.next(), ib.next(), path + "[]", out);
    } else {
      out.add(path.isEmpty() ? "body" : path);
    }
  }
}
