package io.newsflow.ingest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The publishers allowed to post, each with its token. Tokens are compared by their SHA-256 hash in
 * constant time; a file may hold the hashes ({@code sha256:<hex>}) instead of the tokens. With no
 * publisher configured, authentication is off.
 */
public final class Publishers {
  private record Publisher(String name, byte[] tokenHash) {}

  private final List<Publisher> publishers;

  private Publishers(List<Publisher> publishers) {
    this.publishers = List.copyOf(publishers);
  }

  /** No publisher configured: anyone may post, and no publisher is recorded. */
  public static Publishers open() {
    return new Publishers(List.of());
  }

  /**
   * Publishers from {@code name:token} entries (comma-separated in configuration) and from a file
   * with one {@code name:token} or {@code name:sha256:<hex>} per line ({@code #} starts a comment).
   *
   * @throws IllegalArgumentException naming the entry that is not {@code name:token}
   */
  public static Publishers of(List<String> entries, Path file) {
    List<String> all = new ArrayList<>(entries);
    if (file != null) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String entry = line.strip();
          if (!entry.isEmpty() && !entry.startsWith("#")) {
            all.add(entry);
          }
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the publisher tokens file " + file + ": " + e.getMessage(), e);
      }
    }
    List<Publisher> publishers = new ArrayList<>();
    for (String entry : all) {
      int colon = entry.indexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException(
            "a publisher token entry is 'name:token' or 'name:sha256:<hex>', got '"
                + entry.replaceAll(":.*", ":…")
                + "'");
      }
      String name = entry.substring(0, colon).strip();
      String token = entry.substring(colon + 1).strip();
      byte[] hash =
          token.startsWith("sha256:")
              ? HexFormat.of().parseHex(token.substring("sha256:".length()))
              : sha256(token);
      publishers.add(new Publisher(name, hash));
    }
    return new Publishers(publishers);
  }

  /** Whether tokens are required. */
  public boolean required() {
    return !publishers.isEmpty();
  }

  /** The publisher a token belongs to. */
  public Optional<String> publisherOf(String token) {
    byte[] hash = sha256(token);
    String found = null;
    for (Publisher p : publishers) {
      if (MessageDigest.isEqual(p.tokenHash, hash) && found == null) {
        found = p.name; // no early exit: the time taken does not tell which entry matched
      }
    }
    return Optional.ofNullable(found);
  }

  /** How many publishers are configured. */
  public int size() {
    return publishers.size();
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
