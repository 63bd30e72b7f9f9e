package io.newsflow.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Page cursors: opaque to clients, base64url (no padding) of a JSON array {@code [kind, scope,
 * keyset values...]}. The keyset values are where the previous page ended, so the next page starts
 * right after it with an index range scan, and rows added in between neither repeat nor shift a
 * page. The kind says which ordering the cursor belongs to and the scope is a short hash of the
 * request it came from, so that a cursor is refused when it is passed to another query rather than
 * silently giving a page of something else.
 */
final class Cursors {
  /** Newest first: ordered by sort time, then id, both descending. */
  record TimeKey(Instant sortTime, String id) {}

  /** Best match first: ordered by rank, sort time, then id, all descending. */
  record RankKey(float rank, Instant sortTime, String id) {}

  static final String ENTITY_ARTICLES = "e";
  static final String SEARCH_BY_TIME = "t";
  static final String SEARCH_BY_RANK = "r";
  private static final int MAX_CHARS = 1_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Cursors() {}

  /** A short hash of what identifies a query, e.g. its entity or its search terms. */
  static String scope(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update((part == null ? "\u0000" : part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x1f);
      }
      byte[] digest = sha.digest();
      return ENCODER.encodeToString(Arrays.copyOf(digest, 6));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  static String encode(String kind, String scope, TimeKey key) {
    ArrayNode array =
        MAPPER.createArrayNode().add(kind).add(scope).add(key.sortTime().toString()).add(key.id());
    return ENCODER.encodeToString(array.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String encode(String scope, RankKey key) {
    // the rank as its exact bits: a decimal could round to a neighbouring float and skip or repeat
    ArrayNode array =
        MAPPER
            .createArrayNode()
            .add(SEARCH_BY_RANK)
            .add(scope)
            .add(Float.floatToIntBits(key.rank()))
            .add(key.sortTime().toString())
            .add(key.id());
    return ENCODER.encodeToString(array.toString().getBytes(StandardCharsets.UTF_8));
  }

  static TimeKey decodeTime(String cursor, String kind, String scope) {
    JsonNode array = decode(cursor, kind, scope, 4);
    return new TimeKey(instant(array.get(2)), id(array.get(3)));
  }

  static RankKey decodeRank(String cursor, String scope) {
    JsonNode array = decode(cursor, SEARCH_BY_RANK, scope, 5);
    JsonNode bits = array.get(2);
    if (!bits.isInt()) {
      throw invalid("it is damaged");
    }
    float rank = Float.intBitsToFloat(bits.intValue());
    if (!Float.isFinite(rank) || rank < 0) {
      throw invalid("it is damaged");
    }
    return new RankKey(rank, instant(array.get(3)), id(array.get(4)));
  }

  private static JsonNode decode(String cursor, String kind, String scope, int size) {
    if (cursor.length() > MAX_CHARS) {
      throw invalid("it is longer than any cursor this API hands out");
    }
    JsonNode array;
    try {
      array = MAPPER.readTree(DECODER.decode(cursor));
    } catch (IllegalArgumentException | IOException e) {
      throw invalid("it is not a cursor this API handed out");
    }
    if (array == null
        || !array.isArray()
        || array.size() != size
        || !array.get(0).isTextual()
        || !array.get(1).isTextual()) {
      throw invalid("it is not a cursor this API handed out");
    }
    if (!array.get(0).textValue().equals(kind) || !array.get(1).textValue().equals(scope)) {
      throw invalid(
          "it belongs to another query: pass the next value of a page back with the same"
              + " parameters as the request that returned it");
    }
    return array;
  }

  /**
   * A time of the keyset. The scope is a hash of public parameters, not a secret, so a cursor can
   * be forged: its values are held to what a request may give before they reach PostgreSQL.
   */
  private static Instant instant(JsonNode node) {
    if (node.isTextual()) {
      try {
        Instant time = Instant.parse(node.textValue());
        if (Params.inRange(time)) {
          return time;
        }
      } catch (DateTimeParseException e) {
        // below
      }
    }
    throw invalid("it is damaged");
  }

  private static String id(JsonNode node) {
    if (!node.isTextual()
        || node.textValue().isEmpty()
        || Params.controlCharacter(node.textValue()) >= 0) {
      throw invalid("it is damaged");
    }
    return node.textValue();
  }

  private static InvalidRequestException invalid(String why) {
    return new InvalidRequestException("cursor", "not a valid cursor: " + why);
  }
}
