using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>
    /// What one provider tells every readiness wait (single or batched) beyond <see cref="ProviderInstance.IsReady"/>:
    /// which instances it just created (a "not found" for them means "not visible yet" for <see cref="Grace"/>), and
    /// which states cannot become ready by themselves (the wait then ends at once with the provider's explanation).
    /// </summary>
    public sealed class ReadinessRules
    {
        /// <summary>How long "not found" means "not visible yet" after a create (AWS documents the lag; DigitalOcean
        /// and Hetzner show it too).</summary>
        public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(60);

        public ReadinessRules(string provider, TimeProvider? time = null)
        {
            Provider = provider;
            Time = time ?? TimeProvider.System;
        }

        public string Provider { get; }

        public TimeProvider Time { get; }

        public TimeSpan Grace { get; set; } = DefaultGrace;

        /// <summary>The instances this provider object created; the provider records each create here.</summary>
        public CreationMemory Created { get; } = new CreationMemory();

        /// <summary>
        /// The provider's judgement of a state that is neither ready nor being destroyed: null while it may still
        /// become ready, else the error that ends the wait. May make a request (Hetzner reads the server's actions);
        /// it is only asked about states the provider's status map marks as suspicious.
        /// </summary>
        public Func<ProviderInstance, CancellationToken, Task<ProviderException?>>? CannotBecomeReady { get; set; }

        /// <summary>Stretches pauses when the provider's rate budget runs low.</summary>
        public Func<TimeSpan, TimeSpan>? Pacer { get; set; }

        /// <summary>Records that this provider object just created <paramref name="instance"/>.</summary>
        public ProviderInstance Remember(ProviderInstance instance)
        {
            Created.Remember(instance.Id, Time.GetUtcNow());
            return instance;
        }

        /// <summary>When <paramref name="id"/> was created, as far as this wait knows: the caller's hint (the instance
        /// object's CreatedAt) or this provider's own memory.</summary>
        public DateTimeOffset? CreatedAt(string id, DateTimeOffset? hint)
        {
            var now = Time.GetUtcNow();
            // Kept well past the grace, so a wait that outlives it can still say that the instance never showed up.
            var remembered = Created.CreatedAt(id, now, TimeSpan.FromTicks(Math.Max(Grace.Ticks * 10, TimeSpan.FromHours(1).Ticks)));
            if (hint == null || hint.Value == default)
            {
                return remembered;
            }

            // A provider clock ahead of ours must not stretch the grace beyond its length.
            var created = hint.Value > now ? now : hint.Value;
            return remembered != null && remembered.Value > created ? remembered : created;
        }
    }
}
