package dev.waybill.contracts;

import java.util.List;

/**
 * What linting a contract directory found: the contracts that passed every rule, and every problem in the others.
 */
public record LintReport(List<DataContract> contracts, List<ContractProblem> problems) {

    public LintReport {
        contracts = List.copyOf(contracts);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
