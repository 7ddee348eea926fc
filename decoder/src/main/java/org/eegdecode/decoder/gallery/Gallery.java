package org.eegdecode.decoder.gallery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eegdecode.acquisition.npy.NdArray;
import org.eegdecode.acquisition.npy.NpyReader;
import org.eegdecode.acquisition.npy.NpyWriter;
import org.eegdecode.decoder.model.SupaEegModel;

/**
 * The cached image embeddings a decoder scores EEG embeddings against: one L2-normalised row per
 * image with its concept and file name. Similarity is the dot product (= cosine).
 *
 * <p>On disk ({@link #save}): {@value #EMBEDDINGS_FILE}, a plain float32 (N, F) {@code .npy}, and
 * {@value #INDEX_FILE} holding the concepts and files in row order.
 */
public final class Gallery {
  public static final String EMBEDDINGS_FILE = "gallery_embeddings.npy";
  public static final String INDEX_FILE = "gallery.json";

  /** Images embedded per forward pass in {@link #embed}. */
  public static final int EMBED_BATCH = 256;

  private static final float NORM_TOLERANCE = 1e-3f;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<String> concepts;
  private final List<String> files;
  private final float[] embeddings;
  private final int size;
  private final int dim;

  /**
   * @param concepts concept of each row
   * @param files image file of each row
   * @param embeddings size × dim row-major, rows L2-normalised (checked to 1e-3; kept bit for bit)
   * @param dim embedding width
   * @throws IllegalArgumentException for inconsistent sizes or a row that is not unit length
   */
  public Gallery(List<String> concepts, List<String> files, float[] embeddings, int dim) {
    this.concepts = List.copyOf(Objects.requireNonNull(concepts, "concepts"));
    this.files = List.copyOf(Objects.requireNonNull(files, "files"));
    Objects.requireNonNull(embeddings, "embeddings");
    if (dim <= 0) {
      throw new IllegalArgumentException("gallery dimension must be positive, got " + dim);
    }
    if (embeddings.length % dim != 0) {
      throw new IllegalArgumentException(
          embeddings.length + " gallery values are not a whole number of rows of " + dim);
    }
    this.size = embeddings.length / dim;
    if (this.concepts.size() != size || this.files.size() != size) {
      throw new IllegalArgumentException(
          "gallery has "
              + size
              + " embeddings but "
              + this.concepts.size()
              + " concepts and "
              + this.files.size()
              + " files");
    }
    for (int i = 0; i < size; i++) {
      double sq = 0;
      for (int j = 0, o = i * dim; j < dim; j++) {
        sq += (double) embeddings[o + j] * embeddings[o + j];
      }
      double norm = Math.sqrt(sq);
      if (!(Math.abs(norm - 1) <= NORM_TOLERANCE)) {
        throw new IllegalArgumentException(
            "gallery row "
                + i
                + " ("
                + this.concepts.get(i)
                + ") has L2 norm "
                + norm
                + "; rows must be L2-normalised");
      }
    }
    this.embeddings = embeddings.clone();
    this.dim = dim;
  }

  /** A gallery from raw vectors, each row divided by its L2 norm (zero rows are rejected). */
  public static Gallery normalised(
      List<String> concepts, List<String> files, float[] vectors, int dim) {
    float[] rows = vectors.clone();
    if (dim > 0 && rows.length % dim == 0) {
      for (int o = 0; o < rows.length; o += dim) {
        double sq = 0;
        for (int j = 0; j < dim; j++) {
          sq += (double) rows[o + j] * rows[o + j];
        }
        if (!(sq > 0) || !Double.isFinite(sq)) {
          throw new IllegalArgumentException(
              "gallery row "
                  + o / dim
                  + " has norm "
                  + Math.sqrt(sq)
                  + " and cannot be normalised");
        }
        float inv = (float) (1 / Math.sqrt(sq));
        for (int j = 0; j < dim; j++) {
          rows[o + j] *= inv;
        }
      }
    }
    return new Gallery(concepts, files, rows, dim);
  }

  public int size() {
    return size;
  }

  public int dim() {
    return dim;
  }

  public List<String> concepts() {
    return concepts;
  }

  public List<String> files() {
    return files;
  }

  /** The embeddings, size × dim row-major (a copy). */
  public float[] embeddings() {
    return embeddings.clone();
  }

  /** Dot product of a query with gallery row {@code row}. */
  private float dot(float[] query, int queryOffset, int row) {
    int o = row * dim;
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int j = 0;
    for (; j + 3 < dim; j += 4) {
      s0 += query[queryOffset + j] * embeddings[o + j];
      s1 += query[queryOffset + j + 1] * embeddings[o + j + 1];
      s2 += query[queryOffset + j + 2] * embeddings[o + j + 2];
      s3 += query[queryOffset + j + 3] * embeddings[o + j + 3];
    }
    for (; j < dim; j++) {
      s0 += query[queryOffset + j] * embeddings[o + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * The {@code k} most similar rows to {@code query[queryOffset .. queryOffset + dim)}, best first;
   * equal scores keep the lower index first. Allocation-free. When {@code k} exceeds the gallery
   * size the surplus slots get index -1 and score NaN. A NaN score ranks below every number.
   *
   * @param outIndex receives the row indices (length ≥ k)
   * @param outScore receives their dot products (length ≥ k)
   */
  public void topK(float[] query, int queryOffset, int k, int[] outIndex, float[] outScore) {
    if (k < 1 || outIndex.length < k || outScore.length < k) {
      throw new IllegalArgumentException(
          "topK needs k >= 1 and output arrays of length >= k, got k = "
              + k
              + ", "
              + outIndex.length
              + " and "
              + outScore.length);
    }
    Objects.checkFromIndexSize(queryOffset, dim, query.length);
    int kept = 0;
    int wanted = Math.min(k, size);
    for (int i = 0; i < size; i++) {
      float s = dot(query, queryOffset, i);
      float rank = Float.isNaN(s) ? Float.NEGATIVE_INFINITY : s;
      if (kept == wanted) {
        float worst = outScore[kept - 1];
        if (!(rank > (Float.isNaN(worst) ? Float.NEGATIVE_INFINITY : worst))) {
          continue;
        }
        kept--;
      }
      // Insert after every kept entry that scores >= this one (they have lower indices).
      int at = kept;
      while (at > 0 && rankOf(outScore[at - 1]) < rank) {
        outIndex[at] = outIndex[at - 1];
        outScore[at] = outScore[at - 1];
        at--;
      }
      outIndex[at] = i;
      outScore[at] = s;
      kept++;
    }
    for (int j = wanted; j < k; j++) {
      outIndex[j] = -1;
      outScore[j] = Float.NaN;
    }
  }

  private static float rankOf(float score) {
    return Float.isNaN(score) ? Float.NEGATIVE_INFINITY : score;
  }

  /**
   * Similarity matrix of {@code count} queries (count × dim row-major) against the gallery: count ×
   * size row-major, computed like {@link #topK}.
   */
  public float[] scores(float[] queries, int count) {
    if (count < 0 || (long) count * dim > queries.length) {
      throw new IllegalArgumentException(
          count + " queries of " + dim + " need " + (long) count * dim + " values");
    }
    float[] out = new float[count * size];
    for (int q = 0; q < count; q++) {
      for (int i = 0; i < size; i++) {
        out[q * size + i] = dot(queries, q * dim, i);
      }
    }
    return out;
  }

  /**
   * Embeds images with the model's image branch under the global router prior (inference), in
   * batches of {@value #EMBED_BATCH}.
   *
   * @param features n × L × D row-major, layers in the model's {@code layerIds} order
   */
  public static Gallery embed(
      SupaEegModel model,
      NDManager manager,
      float[] features,
      int n,
      List<String> concepts,
      List<String> files) {
    int layers = model.config().layers();
    int width = model.config().imageInputDim();
    int f = model.config().featureDim();
    long per = (long) layers * width;
    if ((long) n * per != features.length) {
      throw new IllegalArgumentException(
          features.length
              + " feature values are not "
              + n
              + " images × "
              + layers
              + " layers × "
              + width);
    }
    float[] out = new float[n * f];
    for (int start = 0; start < n; start += EMBED_BATCH) {
      int b = Math.min(EMBED_BATCH, n - start);
      try (NDManager batch = manager.newSubManager()) {
        NDArray x =
            batch.create(
                FloatBuffer.wrap(features, (int) (start * per), (int) (b * per)),
                new Shape(b, layers, width));
        ParameterStore ps = new ParameterStore(batch, false);
        float[] rows = model.encodeImages(ps, x, null, false).toFloatArray();
        System.arraycopy(rows, 0, out, start * f, rows.length);
      }
    }
    return new Gallery(concepts, files, out, f);
  }

  /** Writes {@value #EMBEDDINGS_FILE} and {@value #INDEX_FILE} into {@code dir} (created). */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    NpyWriter.writeArray(dir.resolve(EMBEDDINGS_FILE), NdArray.of(embeddings, size, dim));
    ObjectNode index = JSON.createObjectNode();
    index.put("size", size);
    index.put("dim", dim);
    ArrayNode c = index.putArray("concepts");
    concepts.forEach(c::add);
    ArrayNode fl = index.putArray("files");
    files.forEach(fl::add);
    Path target = dir.resolve(INDEX_FILE);
    Path tmp = dir.resolve(INDEX_FILE + ".tmp");
    Files.write(
        tmp,
        JSON.writeValueAsBytes(index),
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads a gallery written by {@link #save}.
   *
   * @throws IOException with a one-line message naming the file at fault
   */
  public static Gallery load(Path dir) throws IOException {
    Path indexFile = dir.resolve(INDEX_FILE);
    Path embFile = dir.resolve(EMBEDDINGS_FILE);
    for (Path p : new Path[] {indexFile, embFile}) {
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(p.toString(), null, "gallery file is missing");
      }
    }
    JsonNode index;
    try {
      index = JSON.readTree(indexFile.toFile());
    } catch (IOException e) {
      throw new IOException(indexFile + ": not valid JSON: " + oneLine(e.getMessage()), e);
    }
    List<String> concepts = strings(index, "concepts", indexFile);
    List<String> files = strings(index, "files", indexFile);
    NdArray array;
    try {
      array = NpyReader.readArray(embFile);
    } catch (IOException | RuntimeException e) {
      throw new IOException(embFile + ": cannot read: " + oneLine(e.getMessage()), e);
    }
    int[] shape = array.shape();
    if (array.dtype().kind() != 'f' || array.dtype().itemSize() != 4 || shape.length != 2) {
      throw new IOException(
          embFile
              + ": expected a 2-D float32 array, got "
              + array.dtype()
              + " "
              + Arrays.toString(shape));
    }
    if (shape[0] != concepts.size() || shape[0] != files.size()) {
      throw new IOException(
          embFile
              + " has "
              + shape[0]
              + " rows but "
              + indexFile.getFileName()
              + " lists "
              + concepts.size()
              + " concepts and "
              + files.size()
              + " files");
    }
    try {
      return new Gallery(concepts, files, array.toFloat32(), shape[1]);
    } catch (IllegalArgumentException e) {
      throw new IOException(embFile + ": " + e.getMessage(), e);
    }
  }

  private static List<String> strings(JsonNode index, String key, Path file) throws IOException {
    JsonNode node = index == null ? null : index.get(key);
    if (node == null || !node.isArray()) {
      throw new IOException(file + ": missing list '" + key + "'");
    }
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode v : node) {
      out.add(v.asText());
    }
    return out;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
  }
}
