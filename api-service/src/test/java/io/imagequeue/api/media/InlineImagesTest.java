package io.imagequeue.api.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InlineImagesTest {

    private final AtomicInteger encodings = new AtomicInteger();

    private String encode(String text) {
        encodings.incrementAndGet();
        return text;
    }

    @Test
    void aKeptImageIsNotEncodedAgain() {
        InlineImages images = new InlineImages(1_000);
        assertThat(images.base64("a", () -> encode("AAAA"))).isEqualTo("AAAA");
        assertThat(images.base64("a", () -> encode("other"))).isEqualTo("AAAA");
        assertThat(encodings).hasValue(1);
    }

    @Test
    void theLeastRecentlyUsedImageLeavesWhenTheBudgetIsFull() {
        InlineImages images = new InlineImages(400);
        images.base64("a", () -> encode("a".repeat(100)));
        images.base64("b", () -> encode("b".repeat(100)));
        images.base64("c", () -> encode("c".repeat(100)));
        images.base64("a", () -> encode("never"));
        images.base64("d", () -> encode("d".repeat(100)));
        images.base64("e", () -> encode("e".repeat(100)));

        assertThat(images.heldBytes()).isLessThanOrEqualTo(400);
        assertThat(images.base64("a", () -> encode("again"))).startsWith("a");
        assertThat(images.base64("b", () -> encode("b again"))).isEqualTo("b again");
    }

    @Test
    void anImageLargerThanAQuarterOfTheBudgetIsHandedOutButNotKept() {
        InlineImages images = new InlineImages(400);
        assertThat(images.base64("big", () -> encode("x".repeat(101)))).hasSize(101);
        assertThat(images.heldBytes()).isZero();
        images.base64("big", () -> encode("x".repeat(101)));
        assertThat(encodings).hasValue(2);
    }

    @Test
    void aZeroBudgetKeepsNothing() {
        InlineImages images = new InlineImages(0);
        images.base64("a", () -> encode("A"));
        images.base64("a", () -> encode("A"));
        assertThat(encodings).hasValue(2);
    }
}
