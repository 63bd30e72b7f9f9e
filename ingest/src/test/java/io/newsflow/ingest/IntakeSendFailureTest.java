package io.newsflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.internal.ArticleValidator;
import io.newsflow.ingest.internal.Deduplicator;
import io.newsflow.schemas.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** A producer that throws instead of failing its future must not leave a claim behind. */
class IntakeSendFailureTest {

  @Test
  void aSendThatThrowsFailsTheReceiptAndTheArticleCanBeSentAgain() throws Exception {
    Topic<String, RawArticle> topic =
        new Topic<>(
            "raw",
            Serdes.String(),
            Serdes.serdeFrom((t, a) -> new byte[0], (t, b) -> (RawArticle) null));
    ArticleProducer producer =
        new ArticleProducer(new IngestConfig(Map.of("bootstrap.servers", "127.0.0.1:1")), topic);
    producer.close(Duration.ZERO); // a closed producer throws on send
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    Intake intake =
        new Intake(
            new ArticleValidator(10_000, null),
            new Deduplicator(Duration.ofHours(1), Clock.systemUTC()),
            producer,
            Clock.systemUTC(),
            metrics);
    ArticleDraft draft = new ArticleDraft("Title", "Body", null, null, null, null, null, "test:1");

    CompletableFuture<Intake.Receipt> first = intake.submit(draft, IngestChannel.FILE, null);
    CompletableFuture<Intake.Receipt> again = intake.submit(draft, IngestChannel.FILE, null);

    for (CompletableFuture<Intake.Receipt> receipt : java.util.List.of(first, again)) {
      assertThatThrownBy(() -> receipt.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(ArticleNotStoredException.class);
    }
    assertThat(
            metrics
                .get("newsflow.ingest.articles")
                .tags("channel", "file", "outcome", "failed")
                .counter()
                .count())
        .isEqualTo(2.0);
  }
}
