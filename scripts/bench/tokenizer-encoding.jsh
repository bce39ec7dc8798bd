// What DJL's Encoding objects cost in tokenization: HuggingFaceTokenizer.batchEncode (ids, type ids,
// token strings, word ids, masks, char spans per text) against reading only what spark-embed uses
// (ids, type ids, overflow count) from the same native batch encoding. 8192-text windows, as the
// job. Run: scripts/bench/jshell.sh scripts/bench/tokenizer-encoding.jsh
import ai.djl.huggingface.tokenizers.*;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.nio.file.*;
import java.util.*;
var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
for (String corpus : new String[] {"target/bench/brown_paragraphs-every4th.jsonl", "target/bench/scale_sentences-20000.jsonl"}) {
  List<String> texts = new ArrayList<>();
  for (String line : Files.readAllLines(Path.of(corpus))) texts.add(mapper.readTree(line).get("text").asText());
  String[] all = texts.toArray(new String[0]);
  var tokenizerFile = dev.sparkembed.model.ModelCache.get("all-minilm-l6-v2", 1).files().tokenizerFile();
  var tok = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of("maxLength", "256", "modelMaxLength", "256", "truncation", "true", "padding", "false", "addSpecialTokens", "true"));
  long check = 0;
  for (int round = 0; round < 4; round++) {
    long t0 = System.nanoTime();
    for (int i = 0; i < all.length; i += 8192) {
      Encoding[] e = tok.batchEncode(Arrays.copyOfRange(all, i, Math.min(all.length, i + 8192)));
      for (Encoding x : e) check += x.getIds().length + (x.exceedMaxLength() ? 1 : 0);
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < all.length; i += 8192) {
      String[] w = Arrays.copyOfRange(all, i, Math.min(all.length, i + 8192));
      long[] hs = TokenizersLibrary.LIB.batchEncode(tok.getHandle(), w, true);
      for (long h : hs) {
        long[] ids = TokenizersLibrary.LIB.getTokenIds(h);
        long[] types = TokenizersLibrary.LIB.getTypeIds(h);
        check -= ids.length + (TokenizersLibrary.LIB.getOverflowCount(h) > 0 ? 1 : 0);
        TokenizersLibrary.LIB.deleteEncoding(h);
      }
    }
    long t2 = System.nanoTime();
    System.out.printf("%s round %d: DJL Encoding %.3f s, ids+types+overflow only %.3f s (check %d)%n", corpus.replaceAll(".*/", ""), round, (t1 - t0) / 1e9, (t2 - t1) / 1e9, check);
  }
  tok.close();
}
/exit
