package io.newsflow.nlp.ner;

import io.newsflow.kb.KnowledgeBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a trained model is made from, as one SHA-256: the corpus files, the compiled classes of the
 * recogniser and of text cleaning, the default knowledge base, and the training options. The build
 * trains again only when it changes.
 */
final class ModelStamp {
  private ModelStamp() {}

  static String of(List<Path> corpusFiles, String options) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    for (Path file : corpusFiles) {
      digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      digest.update(Files.readAllBytes(file));
    }
    for (Class<?> anchor :
        List.of(
            ModelStamp.class,
            io.newsflow.nlp.text.TextCleaner.class,
            io.newsflow.nlp.corpus.EntityCorpus.class)) {
      for (Path file : classFiles(anchor)) {
        digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(file));
      }
    }
    try (InputStream kb = KnowledgeBase.class.getResourceAsStream(KnowledgeBase.DEFAULT_RESOURCE)) {
      if (kb != null) {
        digest.update(kb.readAllBytes());
      }
    }
    digest.update(options.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The class files of an anchor's package, when the classes are a folder (not a jar). */
  private static List<Path> classFiles(Class<?> anchor) {
    List<Path> files = new ArrayList<>();
    try {
      Path dir =
          Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI())
              .resolve(anchor.getPackageName().replace('.', '/'));
      if (!Files.isDirectory(dir)) {
        return files;
      }
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.class")) {
        stream.forEach(files::add);
      }
    } catch (URISyntaxException | IOException e) {
      throw new UncheckedIOException(new IOException("cannot list the classes of " + anchor, e));
    }
    files.sort(null);
    return files;
  }
}
