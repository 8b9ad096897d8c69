package io.imagequeue.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The wait of one task: a spinner with status and queue position on a terminal, a line per change otherwise. */
abstract class StatusDisplay implements AutoCloseable {

    abstract void show(String status, Integer queuePosition);

    @Override
    public abstract void close();

    static StatusDisplay forTerminal(boolean interactive) {
        return interactive ? new Spinner() : new Log();
    }

    static String describe(String status, Integer queuePosition) {
        return queuePosition == null ? status : status + ", position " + queuePosition + " in the queue";
    }

    /** An indeterminate bar (no known end) whose message is the task's state. */
    private static final class Spinner extends StatusDisplay {
        private final ProgressBar bar = new ProgressBarBuilder().setTaskName("waiting").setStyle(ProgressBarStyle.ASCII)
                .hideEta().continuousUpdate().build();

        @Override
        void show(String status, Integer queuePosition) {
            bar.setExtraMessage(describe(status, queuePosition));
            bar.step();
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** On a pipe: the status to stderr whenever it changes. */
    private static final class Log extends StatusDisplay {
        private String last;

        @Override
        void show(String status, Integer queuePosition) {
            String line = describe(status, queuePosition);
            if (!line.equals(last)) {
                System.err.println(line);
                last = line;
            }
        }

        @Override
        public void close() {
            System.err.flush();
        }
    }
}
