using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using Spuff.Providers.Aws;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>
/// Import-Module must not pay for the AWS SDK (about 7 MB of assemblies). Spuff.Core and Spuff.Providers are loaded
/// afresh from the output folder into a collectible load context that records every assembly it is asked for, so
/// the result does not depend on what other tests already loaded into the process.
/// </summary>
public sealed class AwsLazyLoadingTests
{
    [Fact]
    public void BuiltInFactories_ConstructedAndRead_LoadNoAwsSdkAssembly()
    {
        var context = new RecordingLoadContext(Path.GetDirectoryName(typeof(AwsFactory).Assembly.Location)!);
        try
        {
            var factories = Factories(context);
            foreach (var factory in factories)
            {
                // Every public property, as the registry and the cmdlets' completers would read them.
                foreach (var property in factory.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    property.GetValue(factory);
                }
            }

            var aws = factories.Single(f => f.GetType().Name == nameof(AwsFactory));
            Assert.Equal(true, aws.GetType().GetProperty("IsImplemented")!.GetValue(aws));
            Assert.Contains("Spuff.Providers", context.Requested);
            Assert.DoesNotContain(context.Requested, n => n.StartsWith("AWSSDK", StringComparison.Ordinal));
            Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name!.StartsWith("AWSSDK", StringComparison.Ordinal));

            // The control: creating an AWS provider does load the SDK (the profile lookup fails, with no network call).
            var core = context.Assemblies.Single(a => a.GetName().Name == "Spuff.Core");
            var options = Activator.CreateInstance(core.GetType("Spuff.Core.ProviderOptions", throwOnError: true)!)!;
            options.GetType().GetProperty("Region")!.SetValue(options, "us-east-1");
            options.GetType().GetProperty("ProfileName")!.SetValue(options, "spuff-lazy-loading-no-such-profile");
            options.GetType().GetProperty("Endpoint")!.SetValue(options, new Uri("http://127.0.0.1:9"));
            var create = Assert.Throws<TargetInvocationException>(() => aws.GetType().GetMethod("Create")!.Invoke(aws, new[] { options }));
            Assert.Equal("ProviderException", create.InnerException!.GetType().Name);
            Assert.Contains("AWSSDK.Core", context.Requested);
            Assert.Contains("AWSSDK.EC2", context.Requested);
        }
        finally
        {
            context.Unload();
        }
    }

    private static List<object> Factories(AssemblyLoadContext context)
    {
        var providers = context.LoadFromAssemblyName(new AssemblyName("Spuff.Providers"));
        var builtIn = providers.GetType("Spuff.Providers.BuiltInProviders", throwOnError: true)!;
        return ((IEnumerable)builtIn.GetProperty("Factories")!.GetValue(null)!).Cast<object>().ToList();
    }

    private sealed class RecordingLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;
        private readonly List<string> _requested = new();

        public RecordingLoadContext(string folder)
            : base("spuff-lazy-loading-test", isCollectible: true)
        {
            _folder = folder;
        }

        public IReadOnlyList<string> Requested
        {
            get
            {
                lock (_requested)
                {
                    return _requested.ToArray();
                }
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name ?? string.Empty;
            lock (_requested)
            {
                _requested.Add(name);
            }

            // Spuff's and the SDK's assemblies come from the output folder into this context; the framework and
            // the other packages are shared with the default context.
            var path = Path.Combine(_folder, name + ".dll");
            return (name.StartsWith("Spuff.", StringComparison.Ordinal) || name.StartsWith("AWSSDK.", StringComparison.Ordinal)) && File.Exists(path)
                ? LoadFromAssemblyPath(path)
                : null;
        }
    }
}
