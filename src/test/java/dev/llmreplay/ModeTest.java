package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModeTest {
  @Test
  void parsesEveryNameCaseInsensitively() {
    assertThat(Mode.parse("replay")).isEqualTo(Mode.REPLAY);
    assertThat(Mode.parse("RECORD")).isEqualTo(Mode.RECORD);
    assertThat(Mode.parse("Record-Missing")).isEqualTo(Mode.RECORD_MISSING);
    assertThat(Mode.parse("record-if-missing")).isEqualTo(Mode.RECORD_MISSING);
    assertThat(Mode.parse("RECORD_MISSING")).isEqualTo(Mode.RECORD_MISSING);
    assertThat(Mode.parse(" live ")).isEqualTo(Mode.LIVE);
  }

  @Test
  void rejectsAnythingElseListingTheValidValues() {
    assertThatThrownBy(() -> Mode.parse("recrod"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown llm-replay mode 'recrod': use one of replay, record, record-missing (or record-if-missing), live");
    assertThatThrownBy(() -> Mode.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flags() {
    assertThat(Mode.REPLAY.isReadable()).isTrue();
    assertThat(Mode.REPLAY.isWritable()).isFalse();
    assertThat(Mode.RECORD.isReadable()).isFalse();
    assertThat(Mode.RECORD_MISSING.isWritable()).isTrue();
    assertThat(Mode.LIVE.isReadable()).isFalse();
  }

  @Test
  void pacingParses() {
    assertThat(Pacing.parse("none")).isEqualTo(Pacing.NONE);
    assertThat(Pacing.parse("recorded")).isEqualTo(Pacing.RECORDED);
    assertThat(Pacing.parse("recorded:0.5")).isEqualTo(Pacing.recorded(0.5));
    assertThat(Pacing.parse("fixed:20ms")).isEqualTo(Pacing.fixed(java.time.Duration.ofMillis(20)));
    assertThat(Pacing.recorded(0.5).dueMillis(3, 100)).isEqualTo(50);
    assertThat(Pacing.fixed(java.time.Duration.ofMillis(20)).dueMillis(3, 999)).isEqualTo(60);
    assertThatThrownBy(() -> Pacing.parse("fast")).hasMessageContaining("recorded:<scale>");
  }
}
