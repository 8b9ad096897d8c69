package io.imagequeue.api.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the lines of what passes through, as it passes: a file's lines without reading it twice. */
final class LineCountingInputStream extends FilterInputStream {

    private long newlines;
    private long bytes;
    private int last = '\n';

    LineCountingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            count(buffer[offset + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("skipping would leave lines uncounted");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Lines seen so far; a last line without a newline counts too. */
    long lines() {
        return newlines + (last == '\n' ? 0 : 1);
    }

    long bytes() {
        return bytes;
    }

    private void count(int b) {
        bytes++;
        last = b & 0xff;
        if (last == '\n') {
            newlines++;
        }
    }
}
