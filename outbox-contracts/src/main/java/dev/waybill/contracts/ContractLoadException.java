package dev.waybill.contracts;

import java.util.List;
import java.util.stream.Collectors;

/** Contracts could not be loaded because linting found problems; all of them are listed. */
public final class ContractLoadException extends ContractException {

    private final List<ContractProblem> problems;

    public ContractLoadException(String what, List<ContractProblem> problems) {
        super(what + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n"
                + problems.stream().map(problem -> "  " + problem).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ContractProblem> problems() {
        return problems;
    }
}
