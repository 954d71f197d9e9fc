package io.github.asyncio4j;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** {@link EventLoop#dumpTasks()}: the pending tasks as a tree by creator, with what each awaits. */
final class TaskDump {

    private TaskDump() {
    }

    static String dump(EventLoop loop, Task<?> head) {
        List<Task<?>> tasks = new ArrayList<>();
        for (Task<?> t = head; t != null; t = t.nextTask) {
            tasks.add(0, t);
        }
        Map<Task<?>, List<Task<?>>> children = new IdentityHashMap<>();
        List<Task<?>> roots = new ArrayList<>();
        for (Task<?> t : tasks) {
            Task<?> parent = t.creator;
            if (parent != null && parent.registered) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(t);
            } else {
                roots.add(t);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(loop).append(": ").append(tasks.size()).append(tasks.size() == 1 ? " task" : " tasks").append('\n');
        for (Task<?> root : roots) {
            append(sb, root, children, 1);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, Task<?> t, Map<Task<?>, List<Task<?>>> children, int depth) {
        sb.append("  ".repeat(depth)).append(t.getName()).append(" [").append(t.stateName());
        if (t.cancelling() > 0) {
            sb.append(", cancelling=").append(t.cancelling());
        }
        sb.append(']');
        List<String> awaiting = t.awaiting();
        if (!awaiting.isEmpty()) {
            sb.append(" awaiting ").append(String.join(", ", awaiting));
        }
        sb.append('\n');
        for (Task<?> c : children.getOrDefault(t, List.of())) {
            append(sb, c, children, depth + 1);
        }
    }
}
