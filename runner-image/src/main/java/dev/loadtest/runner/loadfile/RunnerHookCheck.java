package dev.loadtest.runner.loadfile;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds loadfile code that uses the runner's hooks into the API package ({@code dev.loadtest.Internal},
 * {@code dev.loadtest.UserContext}): they are public only because the engine lives in other packages, and a
 * loadfile calling them would bind its users to a run behind the engine's back. The compiler's classpath
 * already keeps the engine itself out; these two types sit in the API jar, so they are checked here, on the
 * attributed trees, and reported as {@code File.java:LINE: ...} like a compile error.
 */
final class RunnerHookCheck implements TaskListener {

    static final Set<String> HOOKS = Set.of("dev.loadtest.Internal", "dev.loadtest.UserContext");

    /** One use of a hook: where and which. */
    record Use(javax.tools.JavaFileObject source, long line, String hook) {
    }

    private final Trees trees;
    private final List<Use> uses = new ArrayList<>();

    RunnerHookCheck(JavacTask task) {
        this.trees = Trees.instance(task);
    }

    List<Use> uses() {
        return uses;
    }

    @Override
    public void finished(TaskEvent event) {
        if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getCompilationUnit() == null) {
            return;
        }
        CompilationUnitTree unit = event.getCompilationUnit();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void unused) {
                check();
                return super.visitIdentifier(node, unused);
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void unused) {
                check();
                return super.visitMemberSelect(node, unused);
            }

            private void check() {
                Element element = trees.getElement(getCurrentPath());
                String hook = hookOf(element);
                if (hook != null) {
                    long position = trees.getSourcePositions().getStartPosition(unit, getCurrentPath().getLeaf());
                    uses.add(new Use(unit.getSourceFile(), unit.getLineMap().getLineNumber(position), hook));
                }
            }
        }.scan(unit, null);
    }

    /** The hook type this element is, or is a member of; null for anything else. */
    private static String hookOf(Element element) {
        for (Element e = element; e != null; e = e.getEnclosingElement()) {
            if (e instanceof TypeElement type && HOOKS.contains(type.getQualifiedName().toString())) {
                return type.getQualifiedName().toString();
            }
        }
        return null;
    }

    /** One line per use, in the compiler's error format, the first use of each hook on a line only. */
    String describe(Path root) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Use use : uses) {
            String file = LoadfileCompiler.displayName(use.source(), root);
            if (!seen.add(file + ":" + use.line() + ":" + use.hook())) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(file).append(':').append(use.line()).append(": ").append(use.hook())
                    .append(" is the runner's hook into the API, not for loadfiles: use the User's and "
                            + "TestContext's methods instead");
        }
        return sb.toString();
    }
}
