package dev.waybill.example.spring.orders;

import dev.waybill.jpa.OutboxContractException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Failures as RFC 9457 problem details ({@code application/problem+json}). */
@RestControllerAdvice
public class ApiErrors {

    /**
     * The order's event broke its contract ({@code waybill.outbox.validation=enforce}); the transaction was rolled
     * back. The body names the contract, its version and each violation ({@code /currency enum: ...}).
     */
    @ExceptionHandler(OutboxContractException.class)
    public ProblemDetail contractBroken(OutboxContractException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("The order's event breaks its data contract");
        problem.setProperty("contract", e.contract());
        problem.setProperty("version", e.version());
        problem.setProperty("violations", e.violations());
        return problem;
    }

    @ExceptionHandler(OrderLimitExceededException.class)
    public ProblemDetail limitExceeded(OrderLimitExceededException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Too many open orders");
        return problem;
    }
}
