package io.newsflow.eval.corpus;

import io.newsflow.avro.EntityType;
import io.newsflow.eval.CorpusSets;
import io.newsflow.eval.Counts;
import io.newsflow.eval.DocumentScore;
import io.newsflow.eval.EntityScorer;
import io.newsflow.eval.GoldEntity;
import io.newsflow.eval.SystemEntity;
import io.newsflow.nlp.corpus.CorpusDocument;
import io.newsflow.nlp.corpus.CorpusEntity;
import io.newsflow.nlp.corpus.CorpusMention;
import io.newsflow.nlp.ner.Word;
import io.newsflow.nlp.ner.WordTokenizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How far two annotators of the same documents agree: the evaluation's document-level entity F1
 * with one as gold and the other as system (symmetric), exact mention F1 (same field, offsets and
 * type), and Cohen's kappa of the words' labels (outside, or the type of the name they are in).
 */
final class Agreement {
  record Result(
      int documents,
      Map<EntityType, Counts> entityByType,
      Counts entities,
      Counts mentions,
      double kappa,
      int words) {
    String report(String a, String b) {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "agreement of %s and %s on %d documents (%d words)%n",
              a,
              b,
              documents,
              words));
      for (Map.Entry<EntityType, Counts> e : entityByType.entrySet()) {
        Counts c = e.getValue();
        out.append(
            String.format(
                Locale.ROOT,
                "  entities %-13s %4d vs %4d, %4d agreed, F1 %.3f%n",
                e.getKey(),
                c.gold(),
                c.system(),
                c.tp(),
                c.f1()));
      }
      out.append(
          String.format(
              Locale.ROOT,
              "  entities, all types  %4d vs %4d, %4d agreed, F1 %.3f%n",
              entities.gold(),
              entities.system(),
              entities.tp(),
              entities.f1()));
      out.append(
          String.format(
              Locale.ROOT,
              "  mentions (exact)     %4d vs %4d, %4d agreed, F1 %.3f%n",
              mentions.gold(),
              mentions.system(),
              mentions.tp(),
              mentions.f1()));
      out.append(String.format(Locale.ROOT, "  word labels: Cohen's kappa %.3f%n", kappa));
      return out.toString();
    }
  }

  private Agreement() {}

  static Result of(List<CorpusDocument> a, List<CorpusDocument> b) {
    Map<String, CorpusDocument> byId = new java.util.HashMap<>();
    b.forEach(d -> byId.put(d.docId(), d));
    EntityScorer scorer = new EntityScorer();
    Map<EntityType, Counts> byType = new EnumMap<>(EntityType.class);
    Counts entities = Counts.ZERO;
    int mentionTp = 0;
    int mentionsA = 0;
    int mentionsB = 0;
    int labels = 4;
    long[][] confusion = new long[labels][labels];
    int documents = 0;
    for (CorpusDocument da : a) {
      CorpusDocument db = byId.get(da.docId());
      if (db == null) {
        continue;
      }
      documents++;
      DocumentScore s = scorer.score(da.docId(), CorpusSets.gold(da), system(db));
      for (EntityType t :
          List.of(EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION)) {
        byType.merge(t, s.counts(t), Counts::plus);
      }
      entities = entities.plus(s.overall());
      Set<String> ma = mentionKeys(da);
      Set<String> mb = mentionKeys(db);
      mentionsA += ma.size();
      mentionsB += mb.size();
      for (String k : ma) {
        if (mb.contains(k)) {
          mentionTp++;
        }
      }
      for (boolean title : new boolean[] {true, false}) {
        String text = title ? da.title() : da.text();
        int[] la = wordLabels(da, text, title);
        int[] lb = wordLabels(db, text, title);
        for (int i = 0; i < la.length; i++) {
          confusion[la[i]][lb[i]]++;
        }
      }
    }
    long total = 0;
    long agreed = 0;
    long[] rows = new long[labels];
    long[] cols = new long[labels];
    for (int i = 0; i < labels; i++) {
      for (int j = 0; j < labels; j++) {
        total += confusion[i][j];
        rows[i] += confusion[i][j];
        cols[j] += confusion[i][j];
        if (i == j) {
          agreed += confusion[i][j];
        }
      }
    }
    double po = total == 0 ? 0 : agreed / (double) total;
    double pe = 0;
    for (int i = 0; i < labels; i++) {
      pe += total == 0 ? 0 : (rows[i] / (double) total) * (cols[i] / (double) total);
    }
    double kappa = pe == 1 ? 1 : (po - pe) / (1 - pe);
    return new Result(
        documents,
        byType,
        entities,
        new Counts(mentionTp, mentionsB - mentionTp, mentionsA - mentionTp),
        kappa,
        (int) total);
  }

  private static List<SystemEntity> system(CorpusDocument d) {
    List<SystemEntity> out = new ArrayList<>();
    for (GoldEntity g : CorpusSets.gold(d)) {
      out.add(new SystemEntity(g.type(), g.mentions()));
    }
    return out;
  }

  private static Set<String> mentionKeys(CorpusDocument d) {
    Set<String> out = new HashSet<>();
    for (CorpusEntity e : d.entities()) {
      for (CorpusMention m : e.mentions()) {
        out.add(m.title() + ":" + m.start() + ":" + m.end() + ":" + e.type());
      }
    }
    return out;
  }

  /** Per word of a field: 0 outside a name, else 1 + the type index of the name it is in. */
  private static int[] wordLabels(CorpusDocument d, String text, boolean title) {
    List<Word> words = WordTokenizer.tokenize(text);
    int[] out = new int[words.size()];
    for (CorpusEntity e : d.entities()) {
      int label =
          1
              + List.of(EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION)
                  .indexOf(e.type());
      for (CorpusMention m : e.mentions()) {
        if (m.title() != title) {
          continue;
        }
        for (int i = 0; i < words.size(); i++) {
          if (words.get(i).start >= m.start() && words.get(i).start < m.end()) {
            out[i] = label;
          }
        }
      }
    }
    return out;
  }
}
