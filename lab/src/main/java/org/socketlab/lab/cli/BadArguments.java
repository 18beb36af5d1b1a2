package org.socketlab.lab.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that could not be parsed, in one line and the lab's words: the argument, and what the command
 * takes, e.g. {@code lab run: unexpected argument '2': lab run takes [options] N (see lab run --help)}; exit
 * status 2.
 */
final class BadArguments implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String command = cli.getCommandSpec().qualifiedName();
        cli.getErr().println(command + ": " + words(e) + " (see " + command + " --help)");
        return 2;
    }

    /** What was wrong and what was expected, without picocli's or Java's terms. */
    static String words(ParameterException e) {
        CommandLine cli = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            return first.startsWith("-")
                    ? "unknown option '" + first + "'"
                    : "unexpected argument '" + first + "': " + takes(cli);
        }
        if (e instanceof MissingParameterException missing) {
            return "missing "
                    + missing.getMissing().stream().map(BadArguments::name).collect(Collectors.joining(", "))
                    + ": " + takes(cli);
        }
        ArgSpec spec = e.getArgSpec();
        if (spec != null && e.getValue() != null) {
            return "bad " + name(spec) + " '" + e.getValue() + "': " + expected(spec);
        }
        return e.getMessage();
    }

    /** E.g. {@code lab run takes [options] N}. */
    private static String takes(CommandLine cli) {
        List<PositionalParamSpec> positionals = cli.getCommandSpec().positionalParameters();
        StringBuilder usage = new StringBuilder(cli.getCommandSpec().qualifiedName());
        if (!cli.getCommandSpec().subcommands().isEmpty()) {
            return usage.append(" takes a command: ")
                    .append(String.join(", ", cli.getCommandSpec().subcommands().keySet()))
                    .toString();
        }
        usage.append(cli.getCommandSpec().options().size() > 2 ? " takes [options]" : " takes [-h]");
        for (PositionalParamSpec p : positionals) {
            String label = p.paramLabel() + (p.arity().max() > 1 ? "..." : "");
            usage.append(' ').append(p.arity().min() == 0 ? "[" + label + "]" : label);
        }
        return positionals.isEmpty() ? usage + " and no other argument" : usage.toString();
    }

    private static String name(ArgSpec spec) {
        return spec instanceof OptionSpec option ? option.longestName() : spec.paramLabel();
    }

    private static String expected(ArgSpec spec) {
        Class<?> type = spec.type();
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "expected a whole number";
        }
        return "expected " + spec.paramLabel();
    }
}
