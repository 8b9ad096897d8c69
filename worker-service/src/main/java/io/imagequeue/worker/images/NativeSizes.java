package io.imagequeue.worker.images;

import io.imagequeue.model.catalog.Dimensions;
import io.imagequeue.model.catalog.Ratio;
import java.util.List;

/**
 * Picks which of a provider's fixed native sizes to ask for, so that the result can be brought to
 * the requested size by scaling down (never up, where the provider allows it) and cropping as
 * little as possible.
 */
public final class NativeSizes {

    private NativeSizes() {
    }

    /**
     * The native size with the aspect ratio nearest the wanted one among those at least as large on
     * both sides; when none is that large, the nearest ratio among all (the result is then scaled up).
     * Ties go to the earlier listed size.
     */
    public static Dimensions nearestAtOrAbove(List<Dimensions> natives, Dimensions wanted) {
        if (natives.isEmpty()) {
            throw new IllegalArgumentException("no native sizes to choose from");
        }
        List<Dimensions> largeEnough = natives.stream()
                .filter(size -> size.width() >= wanted.width() && size.height() >= wanted.height())
                .toList();
        return nearestRatio(largeEnough.isEmpty() ? natives : largeEnough, wanted);
    }

    private static Dimensions nearestRatio(List<Dimensions> candidates, Dimensions wanted) {
        Ratio ratio = new Ratio(wanted.width(), wanted.height());
        Dimensions best = candidates.get(0);
        for (Dimensions candidate : candidates) {
            if (ratio.distanceTo(candidate.ratio()) < ratio.distanceTo(best.ratio())) {
                best = candidate;
            }
        }
        return best;
    }
}
