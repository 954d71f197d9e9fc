package io.github.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * asyncio's {@code ExceptionGroup} (PEP 654): several failures raised together, as a
 * {@link TaskGroup} raises every child failure at once.
 *
 * <p>The members are kept in order ({@link #exceptions()}) and also added as
 * {@linkplain Throwable#getSuppressed() suppressed} exceptions, so a stack trace printed by any
 * Java tool shows all of them. {@link #subgroup(Predicate)} and {@link #split(Predicate)} work as
 * Python's: nested groups are searched recursively and keep their structure.
 */
public class ExceptionGroup extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The message the group was created with, without the member count. */
    private final String groupMessage;
    /** The members, in order. */
    private final List<Throwable> exceptions;

    /**
     * Creates a group.
     *
     * @param message what the failures have in common (such as {@code "unhandled errors in a TaskGroup"})
     * @param exceptions the members, at least one, none {@code null}
     * @throws NullPointerException if {@code message}, {@code exceptions} or a member is {@code null}
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(describe(message, exceptions), null, true, true);
        this.groupMessage = message;
        List<Throwable> copy = new ArrayList<>(exceptions.size());
        for (Throwable t : exceptions) {
            copy.add(Objects.requireNonNull(t, "exceptions must not contain null"));
        }
        this.exceptions = List.copyOf(copy);
        for (Throwable t : this.exceptions) {
            if (t != this) {
                addSuppressed(t);
            }
        }
    }

    private static String describe(String message, List<? extends Throwable> exceptions) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(exceptions, "exceptions");
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException(
                    "exceptions must not be empty: an ExceptionGroup holds at least one failure");
        }
        int n = exceptions.size();
        return message + " (" + n + (n == 1 ? " sub-exception)" : " sub-exceptions)");
    }

    /**
     * The message this group was created with, without the member count that
     * {@link #getMessage()} appends (Python's {@code eg.message}).
     *
     * @return the group's own message
     */
    public String message() {
        return groupMessage;
    }

    /**
     * The members, in order (Python's {@code eg.exceptions}).
     *
     * @return an unmodifiable list of the members
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /**
     * The members that match {@code condition}, as a group of the same shape (Python's
     * {@code eg.subgroup}). This group itself is tested first and returned whole if it matches;
     * nested groups are searched recursively.
     *
     * @param condition which exceptions to keep
     * @return a group of the matching members, this group when all match, or {@code null} when none does
     * @throws NullPointerException if {@code condition} is {@code null}
     */
    public ExceptionGroup subgroup(Predicate<? super Throwable> condition) {
        Objects.requireNonNull(condition, "condition");
        return split(condition).match();
    }

    /**
     * Splits this group into the members that match {@code condition} and the rest (Python's
     * {@code eg.split}), both keeping the nesting of this group.
     *
     * @param condition which exceptions go into {@link Split#match()}
     * @return the two parts; either may be {@code null} when empty
     * @throws NullPointerException if {@code condition} is {@code null}
     */
    public Split split(Predicate<? super Throwable> condition) {
        Objects.requireNonNull(condition, "condition");
        if (condition.test(this)) {
            return new Split(this, null);
        }
        List<Throwable> match = new ArrayList<>();
        List<Throwable> rest = new ArrayList<>();
        for (Throwable t : exceptions) {
            if (t instanceof ExceptionGroup eg) {
                Split s = eg.split(condition);
                if (s.match() != null) {
                    match.add(s.match());
                }
                if (s.rest() != null) {
                    rest.add(s.rest());
                }
            } else if (condition.test(t)) {
                match.add(t);
            } else {
                rest.add(t);
            }
        }
        return new Split(derive(match), derive(rest));
    }

    private ExceptionGroup derive(List<Throwable> members) {
        if (members.isEmpty()) {
            return null;
        }
        if (members.equals(exceptions)) {
            return this;
        }
        ExceptionGroup derived = new ExceptionGroup(groupMessage, members);
        derived.setStackTrace(getStackTrace());
        if (getCause() != null) {
            derived.initCause(getCause());
        }
        return derived;
    }

    /**
     * The two parts of {@link #split(Predicate)}.
     *
     * @param match the members that matched, or {@code null} when none did
     * @param rest the members that did not match, or {@code null} when all did
     */
    public record Split(ExceptionGroup match, ExceptionGroup rest) {
    }
}
