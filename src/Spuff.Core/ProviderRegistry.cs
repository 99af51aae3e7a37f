using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Spuff.Core
{
    /// <summary>Finds the factory for a provider name or alias and makes providers with it.</summary>
    public sealed class ProviderRegistry
    {
        // The built-in factories live in Spuff.Providers, which Core must not reference (it carries the
        // third-party dependencies and loads in its own load context). WithDefaults finds them by name.
        private const string BuiltInFactoriesType = "Spuff.Providers.BuiltInProviders, Spuff.Providers";

        private readonly Dictionary<ProviderType, IProviderFactory> _factories = new Dictionary<ProviderType, IProviderFactory>();
        private readonly object _gate = new object();

        /// <summary>A registry with every built-in provider of Spuff.Providers registered.</summary>
        public static ProviderRegistry WithDefaults()
        {
            var registry = new ProviderRegistry();
            registry.RegisterDefaults();
            return registry;
        }

        /// <summary>Registers the built-in factories; a no-op when Spuff.Providers cannot be loaded.</summary>
        public void RegisterDefaults()
        {
            var type = Type.GetType(BuiltInFactoriesType, throwOnError: false);
            var property = type?.GetProperty("Factories", BindingFlags.Public | BindingFlags.Static);
            if (property?.GetValue(null) is IEnumerable<IProviderFactory> factories)
            {
                foreach (var factory in factories)
                {
                    Register(factory);
                }
            }
        }

        /// <summary>Adds or replaces the factory for its provider type.</summary>
        public ProviderRegistry Register(IProviderFactory factory)
        {
            if (factory == null)
            {
                throw new ArgumentNullException(nameof(factory));
            }

            lock (_gate)
            {
                _factories[factory.ProviderType] = factory;
            }

            return this;
        }

        public bool IsRegistered(ProviderType type)
        {
            lock (_gate)
            {
                return _factories.ContainsKey(type);
            }
        }

        public IProviderFactory? GetFactory(ProviderType type)
        {
            lock (_gate)
            {
                return _factories.TryGetValue(type, out var factory) ? factory : null;
            }
        }

        public IReadOnlyList<ProviderType> RegisteredProviders()
        {
            lock (_gate)
            {
                return ProviderTypeInfo.All.Where(_factories.ContainsKey).ToArray();
            }
        }

        public IReadOnlyList<ProviderType> ImplementedProviders()
        {
            lock (_gate)
            {
                return ProviderTypeInfo.All.Where(t => _factories.TryGetValue(t, out var f) && f.IsImplemented).ToArray();
            }
        }

        /// <summary>Makes a provider of a type; NotImplemented when no working factory is registered for it.</summary>
        public IProvider Create(ProviderType type, ProviderOptions options)
        {
            var factory = GetFactory(type);
            if (factory == null || !factory.IsImplemented)
            {
                throw ProviderException.NotImplemented(type.GetName());
            }

            return factory.Create(options ?? new ProviderOptions());
        }

        public IProvider Create(ProviderType type, string? token, ProviderTimeouts? timeouts = null) =>
            Create(type, new ProviderOptions { Token = token, Timeouts = timeouts ?? ProviderTimeouts.Default });

        /// <summary>Makes a provider by name or alias (case-insensitive); UnknownProvider lists the supported names.</summary>
        public IProvider CreateByName(string name, ProviderOptions options) => Create(ProviderTypeInfo.Parse(name), options);

        public IProvider CreateByName(string name, string? token, ProviderTimeouts? timeouts = null) =>
            Create(ProviderTypeInfo.Parse(name), token, timeouts);
    }
}
