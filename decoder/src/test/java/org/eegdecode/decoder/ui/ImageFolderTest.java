package org.eegdecode.decoder.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image folders the page may show: lookup order, placeholders, and nothing outside them. */
class ImageFolderTest {
  @TempDir Path dir;

  private Path image(String split, String concept, String file) throws IOException {
    Path p = dir.resolve(split).resolve(concept).resolve(file);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    return p;
  }

  @Test
  void findsTestThenTrainingImagesAndGivesNullForAPlaceholder() throws IOException {
    Path test = image("test_images", "00001_aardvark", "aardvark_01b.jpg");
    Path train = image("training_images", "00002_abacus", "abacus 01.JPG");
    image("train_images", "00003_x", "x.png");
    Files.writeString(dir.resolve("secret.txt"), "no");
    ImageFolder images = new ImageFolder(dir);
    assertTrue(images.present());
    assertEquals(
        "/images/test/00001_aardvark/aardvark_01b.jpg",
        images.url("00001_aardvark", "aardvark_01b.jpg"));
    assertEquals(
        "/images/training/00002_abacus/abacus%2001.JPG",
        images.url("00002_abacus", "abacus 01.JPG"));
    assertEquals("/images/train/00003_x/x.png", images.url("00003_x", "x.png"));
    assertNull(images.url("00001_aardvark", "missing.jpg"));
    assertNull(images.url("00001_aardvark", "missing.jpg"), "cached miss");
    assertEquals(test, images.resolve("test", "00001_aardvark", "aardvark_01b.jpg"));
    assertEquals(train, images.resolve("training", "00002_abacus", "abacus 01.JPG"));
    assertNull(images.resolve("test", "00002_abacus", "abacus 01.JPG"), "wrong split");
    assertNull(images.resolve("other", "00001_aardvark", "aardvark_01b.jpg"), "unknown split");
  }

  @Test
  void refusesTraversalHiddenNamesAndNonImages() throws IOException {
    image("test_images", "c", "a.jpg");
    Files.writeString(dir.resolve("test_images").resolve("c").resolve("notes.txt"), "x");
    Files.createDirectories(dir.resolve("test_images").resolve(".hidden"));
    Files.write(dir.resolve("test_images").resolve(".hidden").resolve("b.jpg"), new byte[] {1});
    Files.write(dir.resolve("outside.jpg"), new byte[] {1});
    ImageFolder images = new ImageFolder(dir);
    assertTrue(images.resolve("test", "c", "a.jpg") != null);
    for (String[] bad :
        new String[][] {
          {"..", "outside.jpg"},
          {"c", ".."},
          {"c/..", "a.jpg"},
          {"..\\..", "a.jpg"},
          {"c", "../a.jpg"},
          {"c", "..%2Fa.jpg"},
          {".hidden", "b.jpg"},
          {"c", "notes.txt"},
          {"c", "a"},
          {"c", "a.jpg\u0000.png"},
          {"", "a.jpg"},
          {"c", ".jpg"},
        }) {
      assertNull(images.resolve("test", bad[0], bad[1]), bad[0] + " / " + bad[1]);
    }
    assertFalse(ImageFolder.safe("."));
    assertFalse(ImageFolder.safe("a/b"));
    assertTrue(ImageFolder.safe("00042_zebra"));
    assertEquals("image/jpeg", ImageFolder.contentType("x.JPEG"));
    assertNull(ImageFolder.contentType("x.html"));
  }

  @Test
  void withoutADatasetEveryImageIsAPlaceholder() {
    ImageFolder none = new ImageFolder(null);
    assertFalse(none.present());
    assertNull(none.url("c", "a.jpg"));
    assertNull(none.resolve("test", "c", "a.jpg"));
    assertFalse(new ImageFolder(dir.resolve("missing")).present());
  }
}
