package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterStep;
import io.fablestream.chapter.state.StepPhase;
import io.fablestream.platform.calls.ChangeloggedStores;
import io.fablestream.platform.model.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The checks a draft failed before the judge wait in the book's state as typed records until the
 * judge answers; a state an older version stored, with them as check:note, still reads.
 */
class DraftFailuresTest {
  @Test
  void everyCheckIsKeptInTheStateAsItselfWithItsNote() {
    for (Check check : Check.values()) {
      Verdict.Failure failure = new Verdict.Failure(check, "What was wrong: " + check.tag());
      assertThat(Verdict.Failure.of(failure.kept())).isEqualTo(failure);
    }
  }

  @Test
  void aStepAnOlderVersionStoredWhileTheJudgeWasAskedKeepsItsDraftFailures() throws IOException {
    // The serde comes first, as in the service: it makes Avro trust the state's classes.
    Serde<BookState> serde = ChangeloggedStores.avro(ChapterService.STORE, BookState.class);
    BookState before = BookTransitions.closedUnopened("book-1", "unused", 1_000L);
    before.setStep(
        ChapterStep.newBuilder()
            .setChapter(2)
            .setAttempt(3)
            .setPhase(StepPhase.JUDGE)
            .setCallId("r1/ch2/a3/judge")
            .setSpent(BookTransitions.spent(Usage.NONE))
            .setDraftFailures(
                List.of(
                    "WORD_COUNT:The chapter has 120 words: 300 were asked for.",
                    "REPETITION:It repeats chapter 1."))
            .build());

    BookState read = serde.deserializer().deserialize("any", asVersion3(before));

    assertThat(read.getStep().getDraftChecks()).isEmpty();
    assertThat(ChapterSteps.draftFailures(read.getStep()))
        .containsExactly(
            new Verdict.Failure(Check.WORD_COUNT, "The chapter has 120 words: 300 were asked for."),
            new Verdict.Failure(Check.REPETITION, "It repeats chapter 1."));
  }

  /** The state as a version that knew only BookState-v3 would have stored it. */
  private static byte[] asVersion3(BookState state) throws IOException {
    Schema v3;
    try (InputStream in =
        DraftFailuresTest.class
            .getClassLoader()
            .getResourceAsStream("io/fablestream/chapter/state/history/BookState-v3.avsc")) {
      v3 = new Schema.Parser().parse(in);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<BookState>(BookState.getClassSchema()).write(state, encoder);
    encoder.flush();
    GenericRecord old =
        new GenericDatumReader<GenericRecord>(BookState.getClassSchema(), v3)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v3).encode(old);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }
}
