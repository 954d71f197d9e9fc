package io.github.asyncio4j;

/**
 * A failure raised by a node of a fuzzed task tree: one new instance per raise, so the checks can
 * count, by identity, where each one surfaced. No stack trace: 10,000 trees raise many.
 */
final class FuzzFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    FuzzFailure(String where) {
        super(where, null, false, true);
    }
}
