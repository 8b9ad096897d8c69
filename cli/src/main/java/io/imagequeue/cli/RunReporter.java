package io.imagequeue.cli;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** How a run shows its progress: a bar on a terminal, one line per finished item otherwise. */
interface RunReporter extends AutoCloseable {

    void start(int total, int done, int failed);

    void succeeded(PromptLine line, String taskAddress, java.util.List<String> files);

    void failed(PromptLine line, String error);

    @Override
    void close();

    static RunReporter forOutput(PrintStream out) {
        return Terminals.interactive() ? new Bar() : new Lines(out);
    }

    /** The progress bar: done of total, rate, ETA, and how many failed. */
    final class Bar implements RunReporter {
        private ProgressBar bar;
        private int failed;

        @Override
        public void start(int total, int done, int failedBefore) {
            failed = failedBefore;
            bar = new ProgressBarBuilder().setTaskName("images").setInitialMax(total)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).showSpeed().setSpeedUnit(java.time.temporal.ChronoUnit.MINUTES)
                    .setUnit(" img", 1).startsFrom(done + failedBefore, Duration.ZERO).continuousUpdate().build();
            bar.setExtraMessage(extra());
        }

        @Override
        public void succeeded(PromptLine line, String taskAddress, java.util.List<String> files) {
            bar.step();
        }

        @Override
        public void failed(PromptLine line, String error) {
            failed++;
            bar.setExtraMessage(extra());
            bar.step();
        }

        private String extra() {
            return failed == 0 ? "" : failed + " failed";
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** For logs and pipes: one plain line per finished item. */
    final class Lines implements RunReporter {
        private final PrintStream out;
        private int total;
        private int finished;

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void start(int total, int done, int failed) {
            this.total = total;
            this.finished = done + failed;
            if (finished > 0) {
                out.println("resuming: " + finished + " of " + total + " already finished (" + failed + " failed)");
            }
        }

        @Override
        public void succeeded(PromptLine line, String taskAddress, java.util.List<String> files) {
            finished++;
            out.println("[" + finished + "/" + total + "] ok " + line.customId() + " " + String.join(",", files) + " " + taskAddress);
        }

        @Override
        public void failed(PromptLine line, String error) {
            finished++;
            out.println("[" + finished + "/" + total + "] failed " + line.customId() + " (line " + line.lineNumber() + "): " + error);
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
