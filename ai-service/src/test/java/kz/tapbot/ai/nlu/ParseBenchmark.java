package kz.tapbot.ai.nlu;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long the embedded parser takes per message, on every labelled text we have (examples, dev,
 * blind), after a warm-up: p50, p99, max and throughput on one thread. A benchmark, not a test: run
 * it with bench/nlu-parse.sh and record the figures in docs/benchmarks.md.
 */
public final class ParseBenchmark {

    private ParseBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Parser parser = Parser.bundled();
        List<Parser.Example> texts = new ArrayList<>();
        for (String set : List.of("/nlu/examples.jsonl", "/nlu/nlu-dev.jsonl", "/nlu/blind.jsonl")) {
            texts.addAll(Parser.Example.read(ParseBenchmark.class.getResourceAsStream(set)));
        }
        ZonedDateTime now = ZonedDateTime.parse("2026-11-25T10:00:00+05:00");
        for (int i = 0; i < 20; i++) {
            texts.forEach(e -> parser.parse(e.text(), e.bot(), now));
        }
        long[] nanos = new long[texts.size() * rounds];
        int n = 0;
        long started = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (Parser.Example e : texts) {
                long t0 = System.nanoTime();
                parser.parse(e.text(), e.bot(), now);
                nanos[n++] = System.nanoTime() - t0;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        System.out.printf("texts: %d distinct, %d parses on one thread%n", texts.size(), nanos.length);
        System.out.printf("p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms; %.0f parses/s%n",
                nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
                nanos[(int) (nanos.length * 0.999)] / 1e6, nanos[nanos.length - 1] / 1e6, nanos.length / seconds);
    }
}
