// Engine-alone throughput for several batch limits (rows x padded tokens per call), the sweep behind
// the default token budget (BENCHMARKS.md), plus how long tokenizing the corpus takes. Two rounds,
// 2 workers x 1 ONNX Runtime thread, texts tokenized and length-sorted up front as in bench-embed's
// engine ceiling. Run:
//   scripts/bench/jshell.sh scripts/bench/token-budget-sweep.jsh -R-Dcorpus=target/bench/brown_paragraphs-every4th.jsonl \
//     [-R-Dmodel=all-minilm-l6-v2-q] [-R-Dbudgets=64x128,64x256,64x512,64x1024,64x2048]
import dev.sparkembed.model.*;
import dev.sparkembed.embed.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
List<String> texts = new ArrayList<>();
for (String line : Files.readAllLines(Path.of(System.getProperty("corpus")))) {
  texts.add(mapper.readTree(line).get("text").asText());
}
var model = ModelCache.get(System.getProperty("model", "all-minilm-l6-v2"), 1);
String[] all = texts.toArray(new String[0]);
model.tokenize(Arrays.copyOfRange(all, 0, Math.min(100, all.length)));
long tokenizeStart = System.nanoTime();
for (int i = 0; i < all.length; i += 8192) {
  model.tokenize(Arrays.copyOfRange(all, i, Math.min(all.length, i + 8192))); // the job's window size
}
System.out.printf("tokenize %d texts in 8192-text windows: %.2f s%n", all.length, (System.nanoTime() - tokenizeStart) / 1e9);
TokenizedText[] tokens = model.tokenize(all);
int[] lengths = new int[tokens.length];
for (int i = 0; i < tokens.length; i++) {
  lengths[i] = tokens[i].length();
}
try (var s = model.newSession()) {
  s.embed(new TokenizedText[] {tokens[0]});
}
for (int round = 0; round < 2; round++) {
  for (String spec : System.getProperty("budgets", "64x128,64x256,64x512,64x1024,64x2048").split(",")) {
    int rows = Integer.parseInt(spec.split("x")[0]);
    int budget = Integer.parseInt(spec.split("x")[1]);
    List<int[]> batches = BatchPlanner.plan(lengths, rows, budget);
    var next = new AtomicInteger();
    var pool = Executors.newFixedThreadPool(2);
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      workers.add(pool.submit(() -> {
        try (var s = model.newSession()) {
          for (int b; (b = next.getAndIncrement()) < batches.size(); ) {
            int[] batch = batches.get(b);
            TokenizedText[] in = new TokenizedText[batch.length];
            for (int i = 0; i < batch.length; i++) {
              in[i] = tokens[batch[i]];
            }
            s.embed(in);
          }
        }
        return null;
      }));
    }
    for (var worker : workers) {
      worker.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    System.out.printf("round %d: rows<=%d tokens<=%d: %.1f texts/s (%d batches)%n", round + 1, rows, budget,
        tokens.length / seconds, batches.size());
  }
}
/exit
