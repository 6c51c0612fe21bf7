package dev.hisabkitab.sync;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.Predicate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.ExpressionToPredicateAdapter;
import org.apache.camel.support.LanguageSupport;
import org.apache.camel.util.ObjectHelper;

/**
 * The routes' typed steps, {@code bean.method(${binding}, …)}, as a language ({@code language: {language: step,
 * expression: "completedEvents.claimUnlessCompleted(${exchangeProperty.hkEvent})"}}): the call and its bindings are read
 * once, when the route starts, and each event costs one reflective call. Camel's bean language reads the same text
 * again for every event: it copies the exchange twice, splits the method's text, looks the bean's methods up and builds
 * an expression per argument, and an accessor binding ({@code ${exchangeProperty.hkEvent.envelope()}}) is one more bean
 * invocation with its own exchange copy; with two dozen such steps an event, that was a tenth of the connector's CPU
 * (docs/performance.md).
 *
 * <p>Bindings: {@code ${exchangeProperty.X}} (null when absent), {@code ${exchangeProperty.X.a()}} (or {@code .a}) an
 * accessor of it, failing when X is absent, {@code ${exchangeProperty.X?.a()}} null then; anything else is a simple
 * expression ({@code ${body}}, {@code ${header.Retry-After}}, {@code ${exception}}, {@code ${date:exchangeCreated}}),
 * also read once. A value is converted to the parameter's type by Camel's type converters when it is not one already.
 * What the method throws fails the step as itself (not wrapped). A method without a result ({@code script:} steps)
 * gives null. A binding alone ({@code ${exchangeProperty.hkEvent.duplicate()}}) is its value: a choice's test, a header.
 * Pinned by {@code StepLanguageTest}.
 */
@Singleton
@Named("step")
public class StepLanguage extends LanguageSupport {

    @Override
    public Expression createExpression(String text) {
        String step = text.trim();
        if (step.startsWith("${")) {
            // a binding alone (a choice's or a filter's test, a header's value): its value
            Binding bound = binding(step, getCamelContext());
            return new org.apache.camel.support.ExpressionAdapter() {
                @Override
                public Object evaluate(Exchange exchange) {
                    return bound.value(exchange);
                }

                @Override
                public String toString() {
                    return "step:" + step;
                }
            };
        }
        return new Call(step, getCamelContext());
    }

    @Override
    public Predicate createPredicate(String text) {
        return ExpressionToPredicateAdapter.toPredicate(createExpression(text));
    }

    /** One step's call: its bean, method name and argument bindings, read from its text once. */
    static final class Call implements Expression {

        private final String text;
        private final CamelContext camel;
        private final String beanName;
        private final String methodName;
        private final Binding[] arguments;
        private volatile Object bean;
        private volatile List<Method> candidates;

        Call(String text, CamelContext camel) {
            this.text = text;
            this.camel = camel;
            int open = text.indexOf('(');
            String target = open < 0 ? text : text.substring(0, open);
            int dot = target.indexOf('.');
            if (dot <= 0 || dot == target.length() - 1 || (open >= 0 && !text.endsWith(")"))) {
                throw new IllegalArgumentException("A step is bean.method(${binding}, …), not: " + text);
            }
            beanName = target.substring(0, dot).trim();
            methodName = target.substring(dot + 1).trim();
            List<String> texts = open < 0 ? List.of() : split(text.substring(open + 1, text.length() - 1));
            arguments = texts.stream().map(a -> binding(a, camel)).toArray(Binding[]::new);
        }

        @Override
        public <T> T evaluate(Exchange exchange, Class<T> type) {
            Object value = call(exchange);
            if (value == null || type == Object.class || type.isInstance(value)) {
                @SuppressWarnings("unchecked")
                T same = (T) value;
                return same;
            }
            return camel.getTypeConverter().convertTo(type, exchange, value);
        }

        private Object call(Exchange exchange) {
            Object[] values = new Object[arguments.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments[i].value(exchange);
            }
            Object target = bean();
            Method method = method(target, values);
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < values.length; i++) {
                values[i] = converted(values[i], types[i], exchange);
            }
            return invoke(method, target, values, text);
        }

        private Object bean() {
            Object found = bean;
            if (found == null) {
                found = camel.getRegistry().lookupByName(beanName);
                if (found == null) {
                    throw new NoSuchBeanException(beanName);
                }
                bean = found;
            }
            return found;
        }

        /** The bean's public method of this name taking these values (by count, then by the values' types). */
        private Method method(Object target, Object[] values) {
            List<Method> methods = candidates;
            if (methods == null) {
                methods = new ArrayList<>();
                for (Method m : target.getClass().getMethods()) {
                    if (m.getName().equals(methodName) && m.getParameterCount() == values.length) {
                        m.trySetAccessible();
                        methods.add(m);
                    }
                }
                if (methods.isEmpty()) {
                    throw new IllegalArgumentException("The bean " + beanName + " has no public method " + methodName
                            + " with " + values.length + " parameter(s) (step " + text + ")");
                }
                candidates = methods;
            }
            if (methods.size() == 1) {
                return methods.get(0);
            }
            for (Method m : methods) {
                if (accepts(m.getParameterTypes(), values)) {
                    return m;
                }
            }
            return methods.get(0);
        }

        private static boolean accepts(Class<?>[] types, Object[] values) {
            for (int i = 0; i < types.length; i++) {
                Class<?> type = ObjectHelper.convertPrimitiveTypeToWrapperType(types[i]);
                if (values[i] == null ? types[i].isPrimitive() : !type.isInstance(values[i])) {
                    return false;
                }
            }
            return true;
        }

        private Object converted(Object value, Class<?> type, Exchange exchange) {
            if (value == null) {
                if (type.isPrimitive()) {
                    throw new IllegalArgumentException("The step " + text + " cannot pass null as a " + type);
                }
                return null;
            }
            Class<?> wanted = ObjectHelper.convertPrimitiveTypeToWrapperType(type);
            if (wanted.isInstance(value)) {
                return value;
            }
            try {
                return camel.getTypeConverter().mandatoryConvertTo(wanted, exchange, value);
            } catch (org.apache.camel.NoTypeConversionAvailableException e) {
                throw new IllegalArgumentException("The step " + text + " cannot pass a " + value.getClass().getName()
                        + " as a " + type.getName(), e);
            }
        }

        @Override
        public String toString() {
            return "step:" + text;
        }
    }

    /** Where one argument's value comes from. */
    interface Binding {
        Object value(Exchange exchange);
    }

    private static final String PROPERTY = "${exchangeProperty.";
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** {@code X.a()}, {@code X.a}, {@code X?.a()}: the property, {@code ?} when null-safe, the accessor. */
    private static final java.util.regex.Pattern ACCESSOR = java.util.regex.Pattern
            .compile("([A-Za-z_][A-Za-z0-9_]*)(\\?)?\\.([A-Za-z_][A-Za-z0-9_]*)(\\(\\))?");

    /** The argument's binding: a property, an accessor of one, else a simple expression (read once). */
    static Binding binding(String argument, CamelContext camel) {
        String a = argument.trim();
        if (a.startsWith(PROPERTY) && a.endsWith("}")) {
            String path = a.substring(PROPERTY.length(), a.length() - 1);
            if (NAME.matcher(path).matches()) {
                return exchange -> exchange.getProperty(path);
            }
            java.util.regex.Matcher m = ACCESSOR.matcher(path);
            if (m.matches()) {
                return new Accessor(m.group(1), m.group(3), m.group(2) != null);
            }
        }
        Expression simple = camel.resolveLanguage("simple").createExpression(a);
        simple.init(camel);
        return exchange -> simple.evaluate(exchange, Object.class);
    }

    /** {@code ${exchangeProperty.X.a()}}: X's accessor {@code a}, looked up once per class of X. */
    record Accessor(String property, String accessor, boolean nullSafe, Map<Class<?>, Method> methods)
            implements Binding {

        Accessor(String property, String accessor, boolean nullSafe) {
            this(property, accessor, nullSafe, new ConcurrentHashMap<>());
        }

        @Override
        public Object value(Exchange exchange) {
            Object of = exchange.getProperty(property);
            if (of == null) {
                if (nullSafe) {
                    return null;
                }
                throw new IllegalStateException("No exchange property " + property + " to read " + accessor
                        + "() of (use ?. where it may be absent)");
            }
            Method m = methods.computeIfAbsent(of.getClass(), type -> {
                try {
                    Method found = type.getMethod(accessor);
                    found.trySetAccessible();
                    return found;
                } catch (NoSuchMethodException e) {
                    throw new IllegalArgumentException(type.getName() + " has no public method " + accessor + "()", e);
                }
            });
            return invoke(m, of, new Object[0], property + "." + accessor + "()");
        }
    }

    /** Calls the method; what it throws comes out as itself (a checked exception wrapped: an expression cannot throw it). */
    static Object invoke(Method method, Object target, Object[] args, String what) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new RuntimeCamelException(cause);
        } catch (IllegalAccessException e) {
            throw new RuntimeCamelException("Cannot call " + what, e);
        }
    }

    /** The arguments' texts: split at the commas outside any {@code ${…}} and parentheses. */
    static List<String> split(String arguments) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == '{' || c == '(') {
                depth++;
            } else if (c == '}' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(arguments.substring(start, i).trim());
                start = i + 1;
            }
        }
        String last = arguments.substring(start).trim();
        if (!last.isEmpty() || !parts.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }
}
