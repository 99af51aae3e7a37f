using System;
using System.IO;
using System.Reflection;

namespace Spuff.PowerShell.Isolation
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) has no AssemblyLoadContext: resolve Spuff.Providers and its
    /// dependencies from dependencies/ (and the module folder) when the default probing fails. No isolation is
    /// possible there; this is what the PowerShell team recommends for 5.1 too.
    /// </summary>
    internal static class DesktopResolver
    {
        private static readonly object Gate = new object();
        private static string[] _folders = Array.Empty<string>();
        private static bool _installed;

        public static void Install(string moduleDirectory, string dependencies)
        {
            lock (Gate)
            {
                _folders = new[] { dependencies, moduleDirectory };
                if (!_installed)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += OnResolve;
                    _installed = true;
                }
            }
        }

        public static void Uninstall()
        {
            lock (Gate)
            {
                if (_installed)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= OnResolve;
                    _installed = false;
                }
            }
        }

        private static Assembly? OnResolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            foreach (var folder in _folders)
            {
                var path = Path.Combine(folder, name + ".dll");
                if (File.Exists(path))
                {
                    return Assembly.LoadFrom(path);
                }
            }

            return null;
        }
    }
}
