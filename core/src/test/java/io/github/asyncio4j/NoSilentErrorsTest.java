package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@link NoSilentErrors}, the extension every test runs under: it runs small test classes (the
 * nested ones, which surefire does not pick up by themselves) with the JUnit engine and checks
 * which of them it fails, and why.
 */
class NoSilentErrorsTest {

    @Test
    @DisplayName("the extension watches this very test: autodetection is on for the module")
    void watchesEveryTest() {
        assertThat(NoSilentErrors.isWatching()).isTrue();
    }

    @Test
    @DisplayName("an error dropped to Hooks.onErrorDropped fails the test, with the error's stack trace")
    void droppedErrorFails() {
        run(DropsAnError.class).assertThatEvents().haveExactly(1, event(test("drops"), finishedWithFailure(
                instanceOf(AssertionError.class), message(m -> m.contains("dropped error (Hooks.onErrorDropped)")
                        && m.contains("lost on the way") && m.contains("DropsAnError")))));
    }

    @Test
    @DisplayName("a value dropped to Hooks.onNextDropped fails the test")
    void droppedValueFails() {
        run(DropsAValue.class).assertThatEvents().haveExactly(1, event(test("drops"), finishedWithFailure(
                message(m -> m.contains("dropped value (Hooks.onNextDropped)") && m.contains("late value")))));
    }

    @Test
    @DisplayName("a task exception never retrieved, reported to a loop's default exception handler, fails the test")
    void defaultHandlerReportFails() {
        run(NeverRetrieved.class).assertThatEvents().haveExactly(1, event(test("leaks"), finishedWithFailure(
                message(m -> m.contains("Task exception was never retrieved") && m.contains("nobody awaits me")))));
    }

    @Test
    @DisplayName("a loop with its own exception handler owns its reports: the extension leaves them to the test")
    void ownHandlerIsTheTestsBusiness() {
        run(OwnHandler.class).assertThatEvents().haveExactly(1, event(test("records"), finishedSuccessfully()));
    }

    @Test
    @DisplayName("what a test takes with takeDroppedErrors/takeDroppedValues/takeLogged no longer fails it; the rest still does")
    void takenSignalsAreExpected() {
        Events events = run(TakesWhatItExpects.class);
        events.assertThatEvents().haveExactly(1, event(test("takesAll"), finishedSuccessfully()));
        events.assertThatEvents().haveExactly(1, event(test("takesOneOfTwo"), finishedWithFailure(
                message(m -> m.contains("second") && !m.contains("first")))));
    }

    @Test
    @DisplayName("a test that resets Reactor's dropped hooks fails, and the hooks are installed again for the next test")
    void resettingTheHooksFails() {
        Events events = run(ResetsTheHooks.class);
        events.assertThatEvents().haveExactly(1, event(test("resets"), finishedWithFailure(
                message(m -> m.contains("Reactor's dropped hooks were reset")))));
        Operators.onErrorDropped(new IllegalStateException("after the reset"), Context.empty());
        assertThat(NoSilentErrors.takeDroppedErrors()).singleElement()
                .satisfies(e -> assertThat(e).hasMessage("after the reset"));
    }

    @Test
    @DisplayName("an error dropped in @AfterAll fails the class")
    void classLevelSignalsFailTheClass() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(SUBJECTS, "true")
                .selectors(selectClass(DropsInAfterAll.class))
                .execute()
                .containerEvents();
        events.assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.contains("class setup or teardown") && m.contains("dropped in teardown")))));
    }

    @Test
    @DisplayName("a quiet test passes")
    void quietPasses() {
        run(Quiet.class).assertThatEvents().haveExactly(1, event(test("quiet"), finishedSuccessfully()));
    }

    private static Events run(Class<?> subject) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(SUBJECTS, "true")
                .selectors(selectClass(subject))
                .execute()
                .testEvents();
    }

    // ------------------------------------------------------------------------------------------
    // The subjects: run only by the tests above
    // ------------------------------------------------------------------------------------------

    private static final String SUBJECTS = "asyncio4j.noSilentErrorsTest.subjects";

    /** Keeps the subjects from running as tests of their own (as {@code -Dtest='!X'} would make surefire do). */
    static final class OnlyUnderTheTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SUBJECTS).isPresent()
                    ? ConditionEvaluationResult.enabled("run by NoSilentErrorsTest")
                    : ConditionEvaluationResult.disabled("a subject of NoSilentErrorsTest, run only by it");
        }
    }

    @ExtendWith(OnlyUnderTheTestKit.class)
    static class DropsAnError {
        @Test
        void drops() {
            Operators.onErrorDropped(new IllegalStateException("lost on the way"), Context.empty());
        }
    }

    @ExtendWith(OnlyUnderTheTestKit.class)
    static class DropsAValue {
        @Test
        void drops() {
            Operators.onNextDropped("late value", Context.empty());
        }
    }

    @ExtendWith(OnlyUnderTheTestKit.class)
    static class NeverRetrieved {
        @Test
        void leaks() {
            Asyncio.run(() -> {
                Asyncio.createTask(Mono.error(new IllegalStateException("nobody awaits me")));
                return Asyncio.sleep(Duration.ZERO);
            }, EventLoop.builder().virtualTime());
        }
    }

    @ExtendWith(OnlyUnderTheTestKit.class)
    static class OwnHandler {
        @Test
        void records() {
            List<Throwable> reported = new CopyOnWriteArrayList<>();
            Asyncio.run(() -> {
                Asyncio.createTask(Mono.error(new IllegalStateException("nobody awaits me")));
                return Asyncio.sleep(Duration.ZERO);
            }, EventLoop.builder().virtualTime().exceptionHandler((l, t) -> reported.add(t)));
            assertThat(reported).singleElement().satisfies(e -> assertThat(e).hasMessage("nobody awaits me"));
        }
    }

    @ExtendWith(OnlyUnderTheTestKit.class)
    static class TakesWhatItExpects {
        @Test
        void takesAll() {
            Operators.onErrorDropped(new IllegalStateException("expected"), Context.empty());
            Operators.onNextDropped("expected value", Context.empty());
            Asyncio.run(() -> {
                Asyncio.createTask(Mono.error(new IllegalStateException("expected report")));
                return Asyncio.sleep(Duration.ZERO);
            }, EventLoop.builder().virtualTime());
            assertThat(NoSilentErrors.takeDroppedErrors()).singleElement().satisfies(e -> assertThat(e).hasMessage("expected"));
            assertThat(NoSilentErrors.takeDroppedValues()).containsExactly("expected value");
            assertThat(NoSilentErrors.takeLogged(m -> m.contains("never retrieved"))).singleElement()
                    .satisfies(s -> assertThat(s.error()).hasMessage("expected report"));
        }

        @Test
        void takesOneOfTwo() {
            Operators.onErrorDropped(new IllegalStateException("first"), Context.empty());
            assertThat(NoSilentErrors.takeDroppedErrors()).hasSize(1);
            Operators.onErrorDropped(new IllegalStateException("second"), Context.empty());
        }
    }

    @ExtendWith(OnlyUnderTheTestKit.class)
    static class ResetsTheHooks {
        @Test
        void resets() {
            Hooks.resetOnErrorDropped();
        }
    }

    @ExtendWith(OnlyUnderTheTestKit.class)
    static class DropsInAfterAll {
        @Test
        void quiet() {
            // Nothing here: the class's teardown drops an error.
        }

        @AfterAll
        static void teardown() {
            Operators.onErrorDropped(new IllegalStateException("dropped in teardown"), Context.empty());
        }
    }

    @ExtendWith(OnlyUnderTheTestKit.class)
    static class Quiet {
        @Test
        void quiet() {
            assertThat(1 + 1).isEqualTo(2);
        }
    }
}
