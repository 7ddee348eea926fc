package org.eegdecode.training.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eegdecode.acquisition.things.ThingsFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same settings → same bytes (whatever the thread count); folder re-use and recovery. */
class SynthDeterminismTest {
  @TempDir Path tmp;

  @Test
  void sameSeedGivesIdenticalFilesWhateverTheThreadCount() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    SynthSummary first = new SynthGenerator(SynthTestSupport.TINY, 4).generate(a, false);
    SynthSummary second = new SynthGenerator(SynthTestSupport.TINY, 1).generate(b, false);
    List<Path> filesA = relativeFiles(a);
    assertEquals(filesA, relativeFiles(b));
    assertEquals(first.files() + 1, filesA.size(), "every written file plus the marker");
    assertEquals(first.bytes(), second.bytes());
    for (Path rel : filesA) {
      assertArrayEquals(
          Files.readAllBytes(a.resolve(rel)), Files.readAllBytes(b.resolve(rel)), rel.toString());
    }
    // 2 subjects × 2 EEG files, metadata, bank, 192 + 20 images
    assertEquals(4 + 2 + 212, first.files());
  }

  @Test
  void differentSeedGivesDifferentEegAndNames() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    new SynthGenerator(SynthTestSupport.micro(17)).generate(a, false);
    new SynthGenerator(SynthTestSupport.micro(17).withSeed(12)).generate(b, false);
    Path eeg = Path.of("sub-01", ThingsFormat.TRAINING_EEG_FILE);
    byte[] eegA = Files.readAllBytes(a.resolve(eeg));
    byte[] eegB = Files.readAllBytes(b.resolve(eeg));
    assertEquals(eegA.length, eegB.length, "same shapes");
    assertFalse(java.util.Arrays.equals(eegA, eegB));
    assertFalse(
        java.util.Arrays.equals(
            Files.readAllBytes(a.resolve(ThingsFormat.METADATA_FILE)),
            Files.readAllBytes(b.resolve(ThingsFormat.METADATA_FILE))));
  }

  @Test
  void rerunReusesCompleteFolderAndForceRegenerates() throws IOException {
    Path out = tmp.resolve("d");
    SynthSpec spec = SynthTestSupport.micro(17);
    SynthSummary first = new SynthGenerator(spec).generate(out, false);
    assertFalse(first.reused());
    byte[] marker = Files.readAllBytes(out.resolve(SynthFolder.COMPLETE_MARKER));

    SynthSummary again = new SynthGenerator(spec).generate(out, false);
    assertTrue(again.reused());
    assertEquals(first.files(), again.files());
    assertEquals(first.bytes(), again.bytes());

    SynthSummary forced = new SynthGenerator(spec).generate(out, true);
    assertFalse(forced.reused());
    assertArrayEquals(marker, Files.readAllBytes(out.resolve(SynthFolder.COMPLETE_MARKER)));
  }

  @Test
  void halfWrittenFolderIsRecognisedAndRewritten() throws IOException {
    Path out = tmp.resolve("d");
    SynthSpec spec = SynthTestSupport.micro(17);
    new SynthGenerator(spec).generate(out, false);
    // simulate a run killed midway: in-progress marker present, a file missing
    Files.writeString(out.resolve(SynthFolder.PROGRESS_MARKER), "");
    Files.delete(out.resolve("sub-01").resolve(ThingsFormat.TEST_EEG_FILE));
    assertEquals(null, new SynthFolder(out).completed(spec));

    SynthSummary summary = new SynthGenerator(spec).generate(out, false);
    assertFalse(summary.reused());
    assertTrue(Files.exists(out.resolve("sub-01").resolve(ThingsFormat.TEST_EEG_FILE)));
    assertFalse(Files.exists(out.resolve(SynthFolder.PROGRESS_MARKER)));
  }

  @Test
  void otherSettingsReplaceTheEarlierRunsOutputs() throws IOException {
    Path out = tmp.resolve("d");
    SynthSpec two = SynthTestSupport.micro(17);
    two = new SynthSpec(two.preset(), 2, 6, 2, 2, 3, 4, 17, two.snr(), two.imageSize(), two.seed());
    new SynthGenerator(two).generate(out, false);
    assertTrue(Files.isDirectory(out.resolve("sub-02")));

    SynthSpec one = SynthTestSupport.micro(17).withSeed(99);
    SynthSummary summary = new SynthGenerator(one).generate(out, false);
    assertFalse(summary.reused());
    assertFalse(Files.exists(out.resolve("sub-02")), "stale subject of the earlier run removed");
    assertEquals(summary.files() + 1, relativeFiles(out).size(), "no stale images left");
  }

  @Test
  void refusesToWriteIntoAForeignFolderWithoutForce() throws IOException {
    Path out = tmp.resolve("mine");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "keep me");
    IOException e =
        assertThrows(
            IOException.class,
            () -> new SynthGenerator(SynthTestSupport.micro(17)).generate(out, false));
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
    new SynthGenerator(SynthTestSupport.micro(17)).generate(out, true);
    assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
  }

  static List<Path> relativeFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
