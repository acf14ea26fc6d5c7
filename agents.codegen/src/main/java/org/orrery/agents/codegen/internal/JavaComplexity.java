package org.orrery.agents.codegen.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.WhileStmt;

/**
 * The classes and methods of one Java source file with each method's (and constructor's)
 * cyclomatic complexity: 1 + the decisions in its body: {@code if}, {@code for}, for-each,
 * {@code while}, {@code do}, each {@code case} label, {@code catch}, {@code ?:}, {@code &&} and
 * {@code ||}. A lambda's decisions count for the method that contains it; a method of a nested
 * or anonymous class is a method of its own. Not thread-safe (one JavaParser per instance).
 */
final class JavaComplexity {

    /** A class, interface, enum, record or annotation type. */
    record TypeInfo(String name, String kind, int line, int methods) {
    }

    /** A method or constructor with its complexity. */
    record MethodInfo(String type, String name, String signature, int line, int complexity) {
    }

    /** What one file holds; {@code problems} is not empty when it did not parse. */
    record FileReport(List<TypeInfo> types, List<MethodInfo> methods, List<String> problems) {
    }

    private final JavaParser parser = new JavaParser(new ParserConfiguration().setLanguageLevel(LanguageLevel.JAVA_25));

    FileReport analyse(String source) {
        ParseResult<CompilationUnit> result = parser.parse(source);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            return new FileReport(List.of(), List.of(), result.getProblems().stream().map(JavaComplexity::describe).toList());
        }
        CompilationUnit unit = result.getResult().get();
        Map<CallableDeclaration<?>, int[]> decisions = new IdentityHashMap<>();
        for (CallableDeclaration<?> callable : unit.findAll(CallableDeclaration.class)) {
            decisions.put(callable, new int[] {1});
        }
        unit.walk(node -> {
            int weight = weight(node);
            if (weight > 0) {
                enclosingCallable(node).map(decisions::get).ifPresent(count -> count[0] += weight);
            }
        });
        List<TypeInfo> types = new ArrayList<>();
        List<MethodInfo> methods = new ArrayList<>();
        for (TypeDeclaration<?> type : unit.findAll(TypeDeclaration.class)) {
            String typeName = type.getFullyQualifiedName().orElse(type.getNameAsString());
            List<CallableDeclaration<?>> own = type.getMembers().stream()
                    .filter(CallableDeclaration.class::isInstance).<CallableDeclaration<?>>map(m -> (CallableDeclaration<?>) m)
                    .toList();
            types.add(new TypeInfo(typeName, kind(type), line(type), own.size()));
            for (CallableDeclaration<?> callable : own) {
                methods.add(new MethodInfo(typeName, callable.getNameAsString(),
                        callable.getDeclarationAsString(false, false, false), line(callable), decisions.get(callable)[0]));
            }
        }
        return new FileReport(types, methods, List.of());
    }

    private static int weight(Node node) {
        if (node instanceof IfStmt || node instanceof ForStmt || node instanceof ForEachStmt || node instanceof WhileStmt
                || node instanceof DoStmt || node instanceof CatchClause || node instanceof ConditionalExpr) {
            return 1;
        }
        if (node instanceof BinaryExpr binary) {
            return binary.getOperator() == BinaryExpr.Operator.AND || binary.getOperator() == BinaryExpr.Operator.OR ? 1 : 0;
        }
        if (node instanceof SwitchEntry entry) {
            return entry.isDefault() ? Math.max(0, entry.getLabels().size() - 1) : Math.max(1, entry.getLabels().size());
        }
        return 0;
    }

    private static Optional<CallableDeclaration<?>> enclosingCallable(Node node) {
        Optional<Node> parent = node.getParentNode();
        while (parent.isPresent()) {
            Node p = parent.get();
            if (p instanceof CallableDeclaration<?> callable) {
                return Optional.of(callable);
            }
            if (p instanceof TypeDeclaration<?>) {
                return Optional.empty(); // a field initialiser or an initialiser block
            }
            parent = p.getParentNode();
        }
        return Optional.empty();
    }

    private static String kind(TypeDeclaration<?> type) {
        if (type.isClassOrInterfaceDeclaration()) {
            return type.asClassOrInterfaceDeclaration().isInterface() ? "interface" : "class";
        }
        if (type.isEnumDeclaration()) {
            return "enum";
        }
        if (type.isRecordDeclaration()) {
            return "record";
        }
        return type.isAnnotationDeclaration() ? "annotation" : "type";
    }

    private static int line(Node node) {
        return node.getBegin().map(p -> p.line).orElse(0);
    }

    private static String describe(Problem problem) {
        String where = problem.getLocation().flatMap(l -> l.getBegin().getRange()).map(r -> "line " + r.begin.line + ": ")
                .orElse("");
        String message = problem.getMessage();
        int newline = message.indexOf('\n');
        return where + (newline > 0 ? message.substring(0, newline) : message);
    }
}
