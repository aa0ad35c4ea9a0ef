/**
 * The benchmark suite {@code bin/benchmarks} runs. Entry point: {@link dev.waybill.benchmarks.BenchmarkReport}, which
 * runs each section and writes {@code docs/benchmarks.md}, {@code docs/benchmarks.json} and the README's table.
 */
package dev.waybill.benchmarks;
