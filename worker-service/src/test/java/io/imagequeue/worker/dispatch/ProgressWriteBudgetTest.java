package io.imagequeue.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress writes of all tasks together never hold more than their share of the database pool. */
class ProgressWriteBudgetTest {

    private final ProgressWriteBudget budget = new ProgressWriteBudget(2);
    private final List<UniEmitter<? super Boolean>> pending = new ArrayList<>();

    private Uni<Boolean> slowWrite() {
        return Uni.createFrom().emitter(pending::add);
    }

    @Test
    void aWriteOverTheBudgetIsNotMadeAndFails() {
        budget.write(this::slowWrite).subscribe().withSubscriber(UniAssertSubscriber.create());
        budget.write(this::slowWrite).subscribe().withSubscriber(UniAssertSubscriber.create());

        UniAssertSubscriber<Boolean> third = budget.write(this::slowWrite).subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        third.assertFailedWith(ProgressWriteBudget.Spent.class);
        assertThat(pending).hasSize(2);
    }

    @Test
    void aFinishedWriteGivesItsPlaceBack() {
        budget.write(this::slowWrite).subscribe().withSubscriber(UniAssertSubscriber.create());
        budget.write(this::slowWrite).subscribe().withSubscriber(UniAssertSubscriber.create());
        pending.get(0).complete(true);

        UniAssertSubscriber<Boolean> next = budget.write(() -> Uni.createFrom().item(true)).subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        next.assertCompleted().assertItem(true);
    }

    @Test
    void aFailedWriteGivesItsPlaceBackToo() {
        budget.write(this::slowWrite).subscribe().withSubscriber(UniAssertSubscriber.create());
        budget.write(this::slowWrite).subscribe().withSubscriber(UniAssertSubscriber.create());
        pending.get(1).fail(new IllegalStateException("connection reset"));

        UniAssertSubscriber<Boolean> next = budget.write(() -> Uni.createFrom().item(true)).subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        next.assertCompleted().assertItem(true);
    }
}
