package dev.touchflow.local.cli;

import dev.touchflow.local.IdentityCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code ./touchflow token|agent|person}: identities of the local issuer. */
final class IssuerCommands {

    private IssuerCommands() {}

    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = "Mints a token of the local issuer: --name NAME --role ROLE --client CLIENT [--ttl 30d].")
    static final class Token implements Callable<Integer> {

        @Unmatched
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() {
            return IdentityCommands.token(arguments, TouchflowCli.settings(), System.out, System.err);
        }
    }

    @Command(
            name = "agent",
            mixinStandardHelpOptions = true,
            description = "Adds an agent (an OAuth client): add CLIENT-ID [--role ROLE…] [--client CLIENT…].")
    static final class Agent implements Callable<Integer> {

        @Unmatched
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() {
            return IdentityCommands.agent(arguments, TouchflowCli.settings(), System.out, System.err);
        }
    }

    @Command(
            name = "person",
            mixinStandardHelpOptions = true,
            description = "Adds a person who signs in to the console: add NAME --role ROLE --client CLIENT.")
    static final class Person implements Callable<Integer> {

        @Unmatched
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() {
            return IdentityCommands.person(arguments, TouchflowCli.settings(), System.out, System.err);
        }
    }
}
