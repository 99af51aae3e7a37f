using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Http;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.DigitalOcean
{
    /// <summary>
    /// How DigitalOcean answers the shared readiness rules. A tag listing takes one tag, and each create has its own
    /// (<c>spuff-request:</c>), so a batch is polled either by listing the managed droplets (while that takes fewer
    /// pages than there are droplets pending) or by a GET each: the first listing's <c>meta.total</c> decides, and
    /// as droplets become ready the GETs only get cheaper. A droplet that is <c>off</c> was powered off: DigitalOcean
    /// never starts it again by itself.
    /// </summary>
    internal sealed class DigitalOceanReadiness
    {
        private readonly DigitalOceanProvider _provider;
        private readonly ProviderHttpClient _http;
        private long? _managedTotal;

        public DigitalOceanReadiness(DigitalOceanProvider provider, ProviderHttpClient http)
        {
            _provider = provider;
            _http = http;
            Rules = new ReadinessRules(provider.Name, http.Settings.TimeProvider)
            {
                Pacer = provider.Pace,
                CannotBecomeReady = (instance, _) => Task.FromResult(CannotBecomeReady(instance)),
            };
        }

        public ReadinessRules Rules { get; }

        public async Task<BatchPoll> PollAsync(IReadOnlyList<WaitTarget> pending, CancellationToken cancellationToken)
        {
            var poll = new BatchPoll();
            var wanted = new HashSet<string>(pending.Select(t => t.Id), StringComparer.Ordinal);
            if (pending.Count > 1 && (_managedTotal == null || Pages(_managedTotal.Value) < pending.Count))
            {
                string? next = $"droplets?tag_name={Uri.EscapeDataString(DigitalOceanTags.ManagedTag)}&per_page={DigitalOceanProvider.PageSize}";
                while (next != null)
                {
                    poll.Requests++;
                    var page = await _http.GetAsync<DoDropletList>(next, cancellationToken).ConfigureAwait(false);
                    if (page.Meta != null)
                    {
                        _managedTotal = page.Meta.Total;
                    }

                    foreach (var droplet in page.Droplets)
                    {
                        var instance = _provider.ToInstance(droplet);
                        if (wanted.Contains(instance.Id))
                        {
                            poll.Found[instance.Id] = instance;
                        }
                    }

                    next = page.Links?.Pages?.Next;
                    if (next != null && _managedTotal != null && Pages(_managedTotal.Value) - poll.Requests >= pending.Count - poll.Found.Count)
                    {
                        // The rest of the listing costs more than a GET for each droplet it has not shown yet.
                        break;
                    }
                }
            }

            // Droplets the listing did not show (or every droplet, when GETs are cheaper): a GET each, so "not
            // found" means what a GET says.
            await BatchPolls.GetEachAsync(_provider.GetInstanceAsync, pending.Where(t => !poll.Found.ContainsKey(t.Id)), poll, cancellationToken).ConfigureAwait(false);
            return poll;
        }

        private static ProviderException? CannotBecomeReady(ProviderInstance instance) =>
            string.Equals(instance.GetStatus().Raw, "off", StringComparison.Ordinal)
                ? new ProviderException(
                    ProviderErrorKind.Other,
                    $"Droplet {instance} is off, so it will not become ready by itself. Power it on with " +
                    $"`doctl compute droplet-action power-on {instance.Id}`, or remove it (Remove-SpuffInstance).")
                { ErrorCode = "off" }
                : null;

        private static int Pages(long total) => (int)Math.Max(1, (total + DigitalOceanProvider.PageSize - 1) / DigitalOceanProvider.PageSize);
    }
}
