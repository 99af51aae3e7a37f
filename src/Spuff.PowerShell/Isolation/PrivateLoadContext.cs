using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Spuff.PowerShell.Isolation
{
    /// <summary>
    /// On PowerShell 7 (.NET), loads Spuff.Providers and every third-party dll of dependencies/ into ONE private
    /// AssemblyLoadContext named "Spuff", so another module's Polly or Microsoft.Extensions version never meets ours.
    /// <para>
    /// This assembly targets netstandard2.0, where AssemblyLoadContext cannot be subclassed, so the context is used
    /// through reflection: an instance made with the public (name, isCollectible) constructor, its
    /// LoadFromAssemblyPath, and Resolving handlers built as closed generic methods (no Reflection.Emit).
    /// </para>
    /// <para>
    /// A plain context asks the default context before its own Resolving event, and a context always looks in its
    /// own loaded assemblies first. So dependencies load lazily (Resolving, when first needed: the AWS SDK only when
    /// an AWS provider is made), except a dependency whose name is already loaded elsewhere in the process: that
    /// one is loaded privately at once — when the context is made, or, through AppDomain.AssemblyLoad, the moment
    /// another module loads an assembly of that name — so the default context's copy can never answer for ours.
    /// </para>
    /// <para>
    /// Never loaded privately: Spuff.Core and Microsoft.Bcl.AsyncInterfaces (they are not in dependencies/,
    /// and the types on the pipeline and IAsyncEnumerable must be one type on both sides), and any dll that
    /// the runtime itself provides (System.*), which the private context takes from the default one.
    /// </para>
    /// </summary>
    internal static class PrivateLoadContext
    {
        /// <summary>The name of the private context, visible in AssemblyLoadContext.GetLoadContext(...).Name.</summary>
        public const string ContextName = "Spuff";

        private const string EntryAssembly = "Spuff.Providers";
        private const string AsyncInterfaces = "Microsoft.Bcl.AsyncInterfaces";
        private static readonly object Gate = new object();
        private static Type? _contextType;
        private static MethodInfo? _loadFromPath;
        private static MethodInfo? _getLoadContext;
        private static object? _context;
        private static string _dependencies = string.Empty;
        private static Dictionary<string, string> _privateFiles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private static Dictionary<string, Assembly> _loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private static bool _hooked;

        /// <summary>False on .NET Framework (no load contexts).</summary>
        public static bool TryInstall(string dependencies)
        {
            var contextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false);
            if (contextType == null)
            {
                return false;
            }

            lock (Gate)
            {
                _dependencies = dependencies;
                if (_hooked)
                {
                    return true;
                }

                _contextType = contextType;
                _loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
                _getLoadContext = contextType.GetMethod("GetLoadContext", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(Assembly) }, null);
                var defaultContext = contextType.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
                AddResolving(defaultContext!, nameof(OnDefaultResolving));
                _hooked = true;
            }

            return true;
        }

        // The default context could not find an assembly. Answer for Spuff.Providers (the way into the private
        // context) and for what the module root ships for the default context (Microsoft.Bcl.AsyncInterfaces,
        // needed when the runtime's copy is older than ours, e.g. PowerShell 7.4); never for anything else.
        private static Assembly? OnDefaultResolving<TContext>(TContext context, AssemblyName name)
        {
            if (string.Equals(name.Name, EntryAssembly, StringComparison.OrdinalIgnoreCase))
            {
                lock (Gate)
                {
                    EnsureContext();
                    return _loaded.TryGetValue(EntryAssembly, out var assembly) ? assembly : null;
                }
            }

            if (string.Equals(name.Name, AsyncInterfaces, StringComparison.OrdinalIgnoreCase))
            {
                var path = Path.Combine(Path.GetDirectoryName(_dependencies) ?? string.Empty, AsyncInterfaces + ".dll");
                return File.Exists(path) ? (Assembly)_loadFromPath!.Invoke(context, new object[] { path })! : null;
            }

            return null;
        }

        // The private context could find a dependency neither in itself nor in the default context: the usual way a
        // dependency loads, when Spuff.Providers first needs it (also a framework assembly the runtime has in an
        // older version than ours). Take it from dependencies/.
        private static Assembly? OnPrivateResolving<TContext>(TContext context, AssemblyName name)
        {
            lock (Gate)
            {
                if (name.Name != null && _loaded.TryGetValue(name.Name, out var loaded))
                {
                    return loaded;
                }

                var path = Path.Combine(_dependencies, name.Name + ".dll");
                return File.Exists(path) ? Load(name.Name!, path) : null;
            }
        }

        private static void EnsureContext()
        {
            if (_context != null)
            {
                return;
            }

            _context = Activator.CreateInstance(_contextType!, ContextName, false);
            AddResolving(_context!, nameof(OnPrivateResolving));
            var provided = RuntimeProvidedNames();
            _privateFiles = Directory.Exists(_dependencies)
                ? Directory.GetFiles(_dependencies, "*.dll")
                    .Where(f => !provided.Contains(Path.GetFileNameWithoutExtension(f)))
                    .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f, StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            if (_privateFiles.TryGetValue(EntryAssembly, out var entry))
            {
                Load(EntryAssembly, entry);
            }

            // Names another module has already loaded: take ours now, before the default context could answer.
            AppDomain.CurrentDomain.AssemblyLoad += OnAnyAssemblyLoad;
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                PreloadIfShadowed(assembly);
            }
        }

        // Another assembly was loaded somewhere in the process. If it has the name of one of our dependencies that is
        // not loaded privately yet, load ours now, so a later lookup from Spuff.Providers finds ours first.
        private static void OnAnyAssemblyLoad(object? sender, AssemblyLoadEventArgs args)
        {
            lock (Gate)
            {
                PreloadIfShadowed(args.LoadedAssembly);
            }
        }

        private static void PreloadIfShadowed(Assembly assembly)
        {
            var name = assembly.GetName().Name;
            if (name == null || _loaded.ContainsKey(name) || !_privateFiles.TryGetValue(name, out var path))
            {
                return;
            }

            if (ReferenceEquals(_getLoadContext?.Invoke(null, new object[] { assembly }), _context))
            {
                return;
            }

            Load(name, path);
        }

        private static Assembly? Load(string name, string path)
        {
            if (_loaded.TryGetValue(name, out var existing))
            {
                return existing;
            }

            try
            {
                var assembly = (Assembly)_loadFromPath!.Invoke(_context, new object[] { path })!;
                _loaded[name] = assembly;
                return assembly;
            }
            catch (TargetInvocationException)
            {
                // Not a loadable assembly (a native or reference-only file): leave it to normal resolution.
                return null;
            }
        }

        // The simple names the runtime itself ships (its trusted platform assemblies): PowerShell's own copies of
        // System.*, Microsoft.Bcl.AsyncInterfaces and the like. Loading our netstandard copies of those
        // privately would split framework types (Span, IAsyncEnumerable) in two.
        private static HashSet<string> RuntimeProvidedNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Spuff.Core", "Spuff.PowerShell", "System.Management.Automation" };
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
            {
                foreach (var path in list.Split(Path.PathSeparator))
                {
                    if (path.Length > 0)
                    {
                        names.Add(Path.GetFileNameWithoutExtension(path));
                    }
                }
            }

            return names;
        }

        private static void AddResolving(object context, string handlerName)
        {
            var resolving = _contextType!.GetEvent("Resolving")!;
            var method = typeof(PrivateLoadContext)
                .GetMethod(handlerName, BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(_contextType);
            var handler = Delegate.CreateDelegate(resolving.EventHandlerType!, method);
            resolving.AddEventHandler(context, handler);
        }
    }
}
