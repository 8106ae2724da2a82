package dev.llmreplay.structure;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The public API as text: for every public type of the given packages (nested public and protected
 * ones too), a header line with its modifiers, kind and supertypes, then one indented line per
 * public or protected field, constructor and method, with generic types, varargs, checked
 * exceptions and annotation defaults. Types in name order, members by kind and name, so the text
 * changes exactly where the API does. Read from the compiled classes by reflection.
 */
final class ApiDump {
  private ApiDump() {}

  /** The dump of every public type under {@code root} in one of {@code packages}. */
  static String of(Path root, Set<String> packages) throws ClassNotFoundException {
    List<Class<?>> types = new ArrayList<>();
    ClassLoader loader = ApiDump.class.getClassLoader();
    for (String name : ClassFiles.names(root)) {
      if (name.contains("$")) continue; // nested types are reached from their top-level type
      Class<?> type = Class.forName(name, false, loader);
      if (packages.contains(type.getPackageName()) && Modifier.isPublic(type.getModifiers())) {
        addWithNested(type, types);
      }
    }
    types.sort(Comparator.comparing(Class::getName));
    StringBuilder out = new StringBuilder();
    for (Class<?> type : types) {
      if (out.length() > 0) out.append('\n');
      out.append(header(type)).append('\n');
      for (String member : members(type)) out.append("  ").append(member).append('\n');
    }
    return out.toString();
  }

  /** The public top-level types of {@code packages}, by name. */
  static List<String> topLevelTypes(Path root, Set<String> packages) throws ClassNotFoundException {
    List<String> out = new ArrayList<>();
    for (String name : ClassFiles.names(root)) {
      if (name.contains("$")) continue;
      Class<?> type = Class.forName(name, false, ApiDump.class.getClassLoader());
      if (packages.contains(type.getPackageName()) && Modifier.isPublic(type.getModifiers())) {
        out.add(name);
      }
    }
    return out;
  }

  private static void addWithNested(Class<?> type, List<Class<?>> out) {
    out.add(type);
    for (Class<?> nested : type.getDeclaredClasses()) {
      if (visible(nested.getModifiers()) && !nested.isSynthetic()) addWithNested(nested, out);
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String header(Class<?> type) {
    int mods = type.getModifiers() & Modifier.classModifiers();
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
    } else if (type.isInterface()) {
      kind = "interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
    } else if (type.isEnum()) {
      kind = "enum";
      mods &= ~Modifier.FINAL; // implied unless a constant has a body
    } else if (type.isRecord()) {
      kind = "record";
      mods &= ~Modifier.FINAL;
    } else {
      kind = "class";
    }
    StringBuilder sb = new StringBuilder(words(mods)).append(kind).append(' ');
    sb.append(type.getCanonicalName()).append(typeParameters(type.getTypeParameters()));
    Type superclass = type.getGenericSuperclass();
    if (superclass != null
        && superclass != Object.class
        && !type.isEnum()
        && !type.isRecord()
        && !type.isInterface()) {
      sb.append(" extends ").append(render(superclass));
    }
    List<String> interfaces =
        Arrays.stream(type.getGenericInterfaces())
            .map(ApiDump::render)
            .filter(i -> !(type.isAnnotation() && i.equals("java.lang.annotation.Annotation")))
            .sorted()
            .collect(Collectors.toList());
    if (!interfaces.isEmpty()) {
      sb.append(type.isInterface() ? " extends " : " implements ");
      sb.append(String.join(", ", interfaces));
    }
    return sb.toString();
  }

  private static List<String> members(Class<?> type) {
    List<String> fields = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (!visible(f.getModifiers()) || f.isSynthetic()) continue;
      fields.add(
          words(f.getModifiers() & Modifier.fieldModifiers())
              + render(f.getGenericType())
              + " "
              + f.getName());
    }
    List<String> constructors = new ArrayList<>();
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (!visible(c.getModifiers()) || c.isSynthetic()) continue;
      constructors.add(
          words(c.getModifiers() & Modifier.constructorModifiers())
              + typeParameters(c.getTypeParameters())
              + type.getSimpleName()
              + parameters(c)
              + exceptions(c));
    }
    List<Method> methods = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) methods.add(m);
    }
    methods.sort(Comparator.comparing(Method::getName).thenComparing(ApiDump::method));
    List<String> out = new ArrayList<>();
    fields.stream().sorted(Comparator.comparing(ApiDump::lastWord)).forEach(out::add);
    constructors.stream().sorted().forEach(out::add);
    methods.stream().map(ApiDump::method).forEach(out::add);
    return out;
  }

  private static String lastWord(String line) {
    return line.substring(line.lastIndexOf(' ') + 1);
  }

  private static String method(Method m) {
    int mods = m.getModifiers() & Modifier.methodModifiers();
    String extra = "";
    if (m.getDeclaringClass().isInterface()) {
      mods &= ~Modifier.ABSTRACT; // implied
      if (m.isDefault()) extra = "default ";
    }
    String line =
        words(mods & ~(Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.STRICT))
            + extra
            + typeParameters(m.getTypeParameters())
            + render(m.getGenericReturnType())
            + " "
            + m.getName()
            + parameters(m)
            + exceptions(m);
    Object defaultValue = m.getDefaultValue();
    if (defaultValue != null) line += " default " + value(defaultValue);
    return line;
  }

  private static String value(Object v) {
    if (v instanceof String) return "\"" + v + "\"";
    if (v instanceof Class) return ((Class<?>) v).getCanonicalName() + ".class";
    if (v instanceof Enum) return ((Enum<?>) v).name();
    if (v.getClass().isArray()) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
        items.add(value(java.lang.reflect.Array.get(v, i)));
      }
      return "{" + String.join(", ", items) + "}";
    }
    return String.valueOf(v);
  }

  private static String parameters(Executable e) {
    Type[] types = e.getGenericParameterTypes();
    // Inner-class constructors and some enum constructors report fewer generic types than
    // parameters; fall back to the erased ones then.
    if (types.length != e.getParameterCount()) types = e.getParameterTypes();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      String t = render(types[i]);
      if (e.isVarArgs() && i == types.length - 1) t = t.substring(0, t.length() - 2) + "...";
      out.add(t);
    }
    return "(" + String.join(", ", out) + ")";
  }

  private static String exceptions(Executable e) {
    List<String> checked =
        Arrays.stream(e.getGenericExceptionTypes())
            .map(ApiDump::render)
            .sorted()
            .collect(Collectors.toList());
    return checked.isEmpty() ? "" : " throws " + String.join(", ", checked);
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) return "";
    List<String> out = new ArrayList<>();
    for (TypeVariable<?> v : variables) {
      List<String> bounds =
          Arrays.stream(v.getBounds())
              .filter(b -> b != Object.class)
              .map(ApiDump::render)
              .collect(Collectors.toList());
      out.add(v.getName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
    }
    return "<" + String.join(", ", out) + "> ";
  }

  private static String words(int modifiers) {
    String s = Modifier.toString(modifiers);
    return s.isEmpty() ? "" : s + " ";
  }

  /** A type as source code names it: canonical names, generics, arrays. */
  static String render(Type type) {
    if (type instanceof Class) {
      Class<?> c = (Class<?>) type;
      if (c.isArray()) return render(c.getComponentType()) + "[]";
      return c.getCanonicalName() != null ? c.getCanonicalName() : c.getName();
    }
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      String args =
          Arrays.stream(p.getActualTypeArguments())
              .map(ApiDump::render)
              .collect(Collectors.joining(", "));
      return render(p.getRawType()) + "<" + args + ">";
    }
    if (type instanceof WildcardType) {
      WildcardType w = (WildcardType) type;
      if (w.getLowerBounds().length > 0) return "? super " + render(w.getLowerBounds()[0]);
      Type upper = w.getUpperBounds()[0];
      return upper == Object.class ? "?" : "? extends " + render(upper);
    }
    if (type instanceof GenericArrayType) {
      return render(((GenericArrayType) type).getGenericComponentType()) + "[]";
    }
    return type.getTypeName(); // a type variable
  }
}
