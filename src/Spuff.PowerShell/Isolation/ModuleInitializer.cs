using System;
using System.IO;
using System.Management.Automation;

namespace Spuff.PowerShell.Isolation
{
    /// <summary>
    /// Runs at Import-Module. Only registers resolvers (no assembly is loaded here, so import stays fast):
    /// PowerShell 7 gets a private load context for dependencies/ (<see cref="PrivateLoadContext"/>), Windows
    /// PowerShell 5.1, which has no load contexts, an AppDomain.AssemblyResolve fallback.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport()
        {
            var moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;
            var dependencies = Path.Combine(moduleDirectory, "dependencies");
            if (!PrivateLoadContext.TryInstall(dependencies))
            {
                DesktopResolver.Install(moduleDirectory, dependencies);
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // The load context stays: assemblies cannot be unloaded from it, and a re-import reuses it.
            DesktopResolver.Uninstall();
        }
    }
}
