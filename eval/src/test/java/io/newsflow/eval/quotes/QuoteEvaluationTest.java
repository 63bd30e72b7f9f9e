package io.newsflow.eval.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.newsflow.eval.EvalPaths;
import io.newsflow.nlp.corpus.ReutersCorpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 4, point 4: speaker attribution on the quote gold set, through the evaluation program
 * itself, must reach precision and recall of {@value #TARGET}. Needs the seed article in {@code
 * ../shared} and the Reuters texts fetched by {@code nlp/fetch-reuters}; skipped without them.
 */
@Tag("quality")
@DisplayName("issue 4: quote speaker attribution on the gold set")
class QuoteEvaluationTest {
  static final double TARGET = 0.8;

  @Test
  void precisionAndRecallOfSpeakersReachTheTarget() {
    assumeTrue(
        Files.isRegularFile(EvalPaths.sharedDir().resolve(QuoteEvaluation.SEED_ARTICLE)),
        "no seed article in " + EvalPaths.sharedDir() + " (../shared is absent here)");
    assumeTrue(
        ReutersCorpus.isPresent(EvalPaths.reutersDir()),
        "no Reuters texts in " + EvalPaths.reutersDir() + " (run nlp/fetch-reuters)");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    QuoteEvaluation program =
        new QuoteEvaluation(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit =
        new CommandLine(program)
            .setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                  throw e;
                })
            .execute("--errors");
    String printed = out.toString(StandardCharsets.UTF_8);
    // surefire keeps this in target/surefire-reports/*QuoteEvaluationTest-output.txt
    System.out.println(printed);
    assertThat(exit).as("exit status; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();

    QuoteEvaluation.Result result = program.result();
    assertThat(result.bySource()).containsKeys("seed", "reuters");
    assertThat(result.all().gold()).isEqualTo(QuoteGold.readDefault().size());
    assertThat(printed)
        .contains(String.format(Locale.ROOT, "%.3f  (correct / found", result.all().precision()))
        .contains(String.format(Locale.ROOT, "%.3f  (correct / gold", result.all().recall()));
    assertThat(result.all().precision()).isGreaterThanOrEqualTo(TARGET);
    assertThat(result.all().recall()).isGreaterThanOrEqualTo(TARGET);
  }
}
