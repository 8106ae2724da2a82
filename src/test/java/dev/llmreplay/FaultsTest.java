package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Fault specs: what parses, its canonical text, and errors that name the column. */
class FaultsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "status=429|status=429",
        "status=429,retry-after=0@first=2|status=429,retry-after=0@first=2",
        "  status=529 ; cut-after=5 ;|status=529;cut-after=5",
        "cut-after=0|cut-after=0",
        "eof-after=10@call=3|eof-after=10@call=3",
        "error-event-after=3|error-event-after=3",
        "error-event-after=3,status=429|error-event-after=3,status=429",
        "stall-after=2:5s|stall-after=2:5s",
        "stall-after=2:1500ms|stall-after=2:1500ms",
        "stall-after=2:120s|stall-after=2:2m",
        "delay=250ms@every=2|delay=250ms@every=2",
        "cut-after=5@rate=0.30:42|cut-after=5@rate=0.3:42",
        "status=503@path=/v1/messages@first=1|status=503@path=/v1/messages@first=1",
        "none|none",
      })
  void validSpecsReadBackInCanonicalForm(String spec, String canonical) {
    Faults faults = Faults.parse(spec);
    assertThat(faults.toString()).isEqualTo(canonical);
    assertThat(Faults.parse(faults.toString())).isEqualTo(faults);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "none", " none "})
  void blankAndNoneAreNoFaults(String spec) {
    assertThat(Faults.parse(spec).isNone()).isTrue();
    assertThat(Faults.parse(spec)).isEqualTo(Faults.none());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cut-afer=3|1|unknown action \"cut-afer\"",
        "status=429@frist=2|12|unknown scope \"@frist\"",
        "status=200|8|an error status from 400 to 599, not 200",
        "status=abc|8|an HTTP status",
        "status=429,retry=1|12|expected retry-after=",
        "status=429,retry-after=-1|24|retry-after seconds",
        "cut-after|10|cut-after needs =N",
        "cut-after=x|11|an event count",
        "stall-after=2|14|stall-after needs N:DURATION",
        "stall-after=2:5|15|a duration such as 500ms, 5s or 1m, not \"5\"",
        "delay=5 s|7|a duration",
        "cut-after=1@first=0|19|a call count (a whole number >= 1)",
        "cut-after=1@rate=1.5:42|18|a probability from 0 to 1",
        "cut-after=1@rate=0.5:x|22|a whole-number seed",
        "cut-after=1@rate=0.5|21|@rate needs P:SEED",
        "cut-after=1@path=v1|18|a path prefix starts with '/'",
        "cut-after=1;;eof-after=2|13|empty rule between ';'",
        "cut-after=1@|13|a scope after '@'",
      })
  void invalidSpecsNameTheColumnAndTheValidChoices(String spec, int column, String problem) {
    assertThatThrownBy(() -> Faults.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid fault spec \"" + spec + "\" at column " + column + ": ")
        .hasMessageContaining(problem)
        .hasMessageContaining("Actions: status=CODE[,retry-after=SECONDS], cut-after=N")
        .hasMessageContaining("Scopes: @first=K, @call=K, @every=K, @rate=P:SEED, @path=PREFIX");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cut-after=5", "status=429@first=2", "delay=1s;eof-after=2@call=2"})
  void builderTakesTheSpecOrTheValue(String spec) {
    RecordReplayInterceptor a = RecordReplayInterceptor.builder().faults(spec).build();
    RecordReplayInterceptor b =
        RecordReplayInterceptor.builder().faults(Faults.parse(spec)).build();
    assertThat(a.faults()).isEqualTo(b.faults()).isEqualTo(Faults.parse(spec));
    assertThat(a.newBuilder().build().faults()).isEqualTo(a.faults());
    assertThat(RecordReplayInterceptor.builder().build().faults().isNone()).isTrue();
  }
}
