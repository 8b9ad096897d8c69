package io.imagequeue.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is a terminal a person watches (then progress is drawn, else logged). */
final class Terminals {

    private Terminals() {
    }

    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a Console even when redirected; isTerminal() then tells the truth.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }
}
