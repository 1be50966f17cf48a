package org.fusionj.command;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** One real SciJava Context per test class, and commands run through its CommandService as scripts run them. */
abstract class SciJavaContext {

    static Context context;
    private static CommandService commands;

    @BeforeAll
    static void startContext() {
        context = new Context();
        commands = context.service(CommandService.class);
    }

    @AfterAll
    static void stopContext() {
        context.dispose();
    }

    /** Runs {@code command} with pre- and post-processing on the {@code name, value, ...} inputs and waits. */
    static CommandModule run(Class<? extends Command> command, Object... inputs) throws Exception {
        return commands.run(command, true, inputs).get();
    }
}
